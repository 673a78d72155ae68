from findings.models.evidence import Evidence, EvidenceVersion
from findings.models.findings import Finding, Topic

__all__ = ["Evidence", "EvidenceVersion", "Finding", "Topic"]
