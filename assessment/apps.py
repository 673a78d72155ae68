from django.apps import AppConfig

from assessment.roles import MANAGER, OFFICER


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Assessments"
    # What each role may do with this app's records. Every app declares its own the same way;
    # assessment.roles collects them (a viewer gets the officers' view_* permissions).
    role_permissions = {
        OFFICER: (
            "view_framework",
            "view_theme",
            "view_qualitystatement",
            "view_organisation",
            "view_assessment",
            "view_statementscore",
            "add_assessment",
            "change_assessment",
            "change_statementscore",
        ),
        MANAGER: ("add_organisation", "change_organisation", "delete_assessment"),
    }
