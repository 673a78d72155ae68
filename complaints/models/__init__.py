from complaints.models.clock import BankHoliday, BankHolidayYear
from complaints.models.complaint import Complaint, ComplaintQuerySet
from complaints.models.lists import ComplaintCategory, OrganisationListItem, ServiceArea

__all__ = [
    "BankHoliday",
    "BankHolidayYear",
    "Complaint",
    "ComplaintCategory",
    "ComplaintQuerySet",
    "OrganisationListItem",
    "ServiceArea",
]
