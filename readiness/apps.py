from django.apps import AppConfig

from assessment.roles import MANAGER, OFFICER


class ReadinessConfig(AppConfig):
    name = "readiness"
    verbose_name = "Ready for re-assessment"
    # What each role may do with this app's records (collected by assessment.roles).
    role_permissions = {
        # Officers self-assess, read the readiness checks and metrics, record metric values
        # and make the information return pack.
        OFFICER: (
            "view_statementselfassessment",
            "change_statementselfassessment",
            "view_selfassessmentsummary",
            "change_selfassessmentsummary",
            "view_metriclist",
            "view_metric",
            "view_metricvalue",
            "add_metricvalue",
            "change_metricvalue",
        ),
        # Managers also remove a metric value recorded by mistake.
        MANAGER: ("delete_metricvalue",),
    }

    def ready(self):
        from core import panels
        from readiness import panels as readiness_panels

        panels.register(panels.STATEMENT, readiness_panels.statement_self_assessment, order=5)
        panels.register(panels.STATEMENT, readiness_panels.statement_readiness, order=6)
        panels.register(panels.STATEMENT, readiness_panels.statement_metrics, order=30)
        panels.register(panels.ASSESSMENT, readiness_panels.assessment_self_assessment, order=5)
        panels.register(panels.ASSESSMENT, readiness_panels.assessment_readiness, order=6)
        panels.register(panels.ORGANISATION, readiness_panels.organisation_metrics, order=30)
        panels.register(panels.DASHBOARD, readiness_panels.dashboard_readiness, order=10)
        panels.register(panels.EVIDENCE, readiness_panels.evidence_self_assessments, order=10)
