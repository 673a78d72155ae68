from django.apps import AppConfig

from assessment.roles import MANAGER, OFFICER


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Complaints"
    # What each role may do with this app's records (collected by assessment.roles).
    role_permissions = {
        OFFICER: (
            "view_complaint",
            "add_complaint",
            "change_complaint",
            "view_complaintcategory",
            "view_servicearea",
        ),
        # Managers also run the organisation's categories and service areas.
        MANAGER: (
            "delete_complaint",
            "add_complaintcategory",
            "change_complaintcategory",
            "add_servicearea",
            "change_servicearea",
        ),
    }

    def ready(self):
        from complaints import notices, report, setup_panels
        from core import panels
        from notifications import digest

        panels.register_report_section(panels.COMPLAINTS_APPENDIX, report.complaints_appendix)
        panels.register_report_version(report.appendix_version_parts)
        panels.register(panels.ORGANISATION, setup_panels.organisation_lists, order=80)
        digest.register_notices(notices.response_due_notices, order=10)
