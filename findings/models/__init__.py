from findings.models.complaints import Complaint, ComplaintCategory, ServiceArea
from findings.models.findings import Evidence, Finding, Topic

__all__ = ["Complaint", "ComplaintCategory", "Evidence", "Finding", "ServiceArea", "Topic"]
