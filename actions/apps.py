from django.apps import AppConfig

from assessment.roles import MANAGER, OFFICER


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Improvement action plans"
    # What each role may do with this app's records (collected by assessment.roles).
    role_permissions = {
        # Officers draft plans and actions, submit plans and post progress on actions they own.
        OFFICER: (
            "view_actionplan",
            "add_actionplan",
            "change_actionplan",
            "view_plantransition",
            "view_action",
            "add_action",
            "change_action",
            "view_progressupdate",
            "add_progressupdate",
            "view_effectivenessreview",
            # "You said, we did": feedback sources and the public wording of reviews.
            "view_feedbacksource",
            "add_feedbacksource",
            "change_feedbacksource",
            "view_publicwording",
            "add_publicwording",
            "change_publicwording",
        ),
        # Managers also approve, return and close plans, assign owners and review effectiveness.
        MANAGER: (
            "approve_actionplan",
            "close_actionplan",
            "delete_actionplan",
            "manage_action",
            "delete_action",
            "review_action",
            "add_effectivenessreview",
            "approve_publicwording",
        ),
    }

    def ready(self):
        from actions import panels as actions_panels
        from actions import reminders, report
        from core import panels
        from notifications import digest

        panels.register(panels.STATEMENT, actions_panels.statement_actions, order=20)
        panels.register(panels.FINDING, actions_panels.finding_actions, order=20)
        panels.register(panels.ORGANISATION, actions_panels.organisation_actions, order=20)
        panels.register(panels.COMPARISON, actions_panels.comparison_actions, order=20)
        panels.register_report_section(panels.ACTIONS_BY_STATEMENT, report.actions_by_statement)
        panels.register_report_version(report.report_version_parts)
        digest.register_section("Overdue actions", reminders.overdue, order=10)
        digest.register_section(
            f"Actions due in the next {reminders.DUE_SOON_DAYS} days", reminders.due_soon, order=20
        )
