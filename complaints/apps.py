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
        MANAGER: ("delete_complaint",),
    }

    def ready(self):
        from complaints import report
        from core import panels

        panels.register_report_section(panels.COMPLAINTS_APPENDIX, report.complaints_appendix)
        panels.register_report_version(report.appendix_version_parts)
