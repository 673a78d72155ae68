from django.apps import AppConfig

from assessment.roles import MANAGER, OFFICER


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Findings and evidence"
    # What each role may do with this app's records (collected by assessment.roles).
    role_permissions = {
        OFFICER: (
            "view_topic",
            "view_finding",
            "add_finding",
            "change_finding",
            "delete_finding",
            "view_evidence",
            "add_evidence",
            "change_evidence",
        ),
        MANAGER: ("delete_evidence",),
    }

    def ready(self):
        from core import panels
        from findings import panels as findings_panels
        from findings import reminders
        from notifications import digest

        panels.register(panels.STATEMENT, findings_panels.statement_findings, order=10)
        panels.register(panels.ASSESSMENT, findings_panels.assessment_findings, order=10)
        panels.register(panels.COMPARISON, findings_panels.comparison_findings, order=10)
        panels.register(panels.ORGANISATION, findings_panels.organisation_evidence, order=20)
        digest.register_section(
            reminders.SECTION_TITLE, reminders.evidence_due_for_review, order=30
        )
