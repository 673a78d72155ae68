"""Pages of the readiness app: self-assessment, metrics, the information return pack."""
