from complaints.models.clock import BankHoliday, BankHolidayYear
from complaints.models.complaint import Complaint, ComplaintQuerySet
from complaints.models.lists import ComplaintCategory, OrganisationListItem, ServiceArea
from complaints.models.version import ComplaintsVersion, complaints_version

__all__ = [
    "BankHoliday",
    "BankHolidayYear",
    "Complaint",
    "ComplaintCategory",
    "ComplaintQuerySet",
    "ComplaintsVersion",
    "OrganisationListItem",
    "ServiceArea",
    "complaints_version",
]
