from findings.models.findings import Evidence, Finding, Topic

__all__ = ["Evidence", "Finding", "Topic"]
