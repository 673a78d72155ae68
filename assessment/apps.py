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
            "view_membership",
        ),
        # Creating an organisation stays with administrators (superusers); its managers run
        # the rest of it: its details and its members.
        MANAGER: (
            "change_organisation",
            "delete_assessment",
            "add_membership",
            "change_membership",
            "view_invitation",
            "add_invitation",
            "change_invitation",
        ),
    }

    def ready(self):
        from assessment.members import panels as members_panels
        from core import panels

        panels.register(panels.ORGANISATION, members_panels.organisation_members, order=90)
