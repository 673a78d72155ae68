from django.apps import AppConfig

from assessment.roles import MANAGER, OFFICER


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning from reviews and complaints"
    # What each role may do with this app's records (collected by assessment.roles). Anyone in
    # a brief's audience, viewers too, acknowledges it: that needs only view_learningbrief and
    # being in its audience (learning.services.briefs.acknowledge).
    role_permissions = {
        # Officers read everything, draft briefs from a source and record checks for effect.
        OFFICER: (
            "view_team",
            "view_safeguardingadultsreview",
            "view_sarrecommendation",
            "view_learningbrief",
            "add_learningbrief",
            "change_learningbrief",
            "view_briefattachment",
            "view_acknowledgement",
            "view_effectivenesscheck",
            "add_effectivenesscheck",
        ),
        # Managers also run teams and SARs, publish briefs and see who is outstanding.
        MANAGER: (
            "add_team",
            "change_team",
            "add_safeguardingadultsreview",
            "change_safeguardingadultsreview",
            "add_sarrecommendation",
            "change_sarrecommendation",
            "publish_learningbrief",
            "view_reach",
        ),
    }

    def ready(self):
        from core import panels
        from learning import panels as learning_panels
        from learning import reminders
        from notifications import digest

        panels.register(panels.DASHBOARD, learning_panels.dashboard_learning, order=30)
        panels.register(panels.FINDING, learning_panels.finding_brief_link, order=30)
        panels.register(panels.ORGANISATION, learning_panels.organisation_learning_link, order=40)
        digest.register_section(
            "Learning briefs to acknowledge", reminders.outstanding_briefs, order=30
        )
