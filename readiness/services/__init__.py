"""Writes of the readiness app: the self-assessment, metric values and their import."""
