"""Extension points registered in code: the panels and report sections apps give each other's
pages (core.panels, filled in each AppConfig.ready()), and each app's role permissions
(declared on its AppConfig, collected by assessment.roles)."""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from actions import panels as actions_panels
from actions import report as actions_report
from assessment.members import panels as members_panels
from assessment.roles import MANAGER, OFFICER, VIEWER, role_permissions
from complaints import report as complaints_report
from complaints import setup_panels as complaints_setup_panels
from core import panels
from findings import panels as findings_panels
from learning import panels as learning_panels
from readiness import panels as readiness_panels

pytestmark = pytest.mark.django_db


def test_each_app_registers_its_panels_in_order():
    assert panels.registered(panels.STATEMENT) == [
        readiness_panels.statement_self_assessment,
        readiness_panels.statement_readiness,
        findings_panels.statement_findings,
        actions_panels.statement_actions,
        readiness_panels.statement_metrics,
    ]
    assert panels.registered(panels.ASSESSMENT) == [
        readiness_panels.assessment_self_assessment,
        readiness_panels.assessment_readiness,
        findings_panels.assessment_findings,
    ]
    assert panels.registered(panels.ORGANISATION) == [
        actions_panels.organisation_actions,
        findings_panels.organisation_evidence,
        readiness_panels.organisation_metrics,
        learning_panels.organisation_learning_link,
        complaints_setup_panels.organisation_lists,
        members_panels.organisation_members,
    ]
    assert panels.registered(panels.FINDING) == [
        actions_panels.finding_actions,
        learning_panels.finding_brief_link,
    ]
    assert panels.registered(panels.COMPARISON) == [
        findings_panels.comparison_findings,
        actions_panels.comparison_actions,
    ]
    assert panels.registered(panels.DASHBOARD) == [
        readiness_panels.dashboard_readiness,
        learning_panels.dashboard_learning,
    ]
    assert panels.registered(panels.EVIDENCE) == [readiness_panels.evidence_self_assessments]
    assert panels.report_section(panels.ACTIONS_BY_STATEMENT) is actions_report.actions_by_statement
    assert (
        panels.report_section(panels.COMPLAINTS_APPENDIX) is complaints_report.complaints_appendix
    )
    # What those sections print is part of the report's version (its stored PDF).
    assert set(panels._report_versions.values()) == {
        actions_report.report_version_parts,
        complaints_report.appendix_version_parts,
    }


def test_panels_for_skips_providers_with_nothing_to_show(monkeypatch):
    monkeypatch.setattr(panels, "_panels", {page: {} for page in panels.PAGES})

    def first(request, obj):
        return panels.Panel("first.html", {"obj": obj})

    def hidden(request, obj):
        return None

    def second(request, obj):
        return panels.Panel("second.html")

    panels.register(panels.STATEMENT, second, order=20)
    panels.register(panels.STATEMENT, hidden, order=5)
    panels.register(panels.STATEMENT, first, order=10)
    panels.register(panels.STATEMENT, first, order=10)  # ready() run twice: still once
    shown = panels.panels_for(panels.STATEMENT, RequestFactory().get("/"), "the object")
    assert [panel.template_name for panel in shown] == ["first.html", "second.html"]
    assert shown[0].context == {"obj": "the object"}


def test_unknown_pages_and_second_providers_are_refused(monkeypatch):
    monkeypatch.setattr(panels, "_report_sections", {})
    with pytest.raises(ValueError, match="No page 'statment'"):
        panels.register("statment", findings_panels.statement_findings)
    panels.register_report_section(panels.COMPLAINTS_APPENDIX, actions_report.actions_by_statement)
    with pytest.raises(ValueError, match="already provided"):
        panels.register_report_section(
            panels.COMPLAINTS_APPENDIX, findings_panels.statement_findings
        )


def test_roles_module_names_no_other_apps_permissions():
    source = (Path(apps.get_app_config("assessment").path) / "roles.py").read_text()
    assert "findings." not in source
    assert "actions." not in source


def test_each_app_declares_only_its_own_existing_permissions(db):
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            assert role in (OFFICER, MANAGER)
            for codename in codenames:
                assert Permission.objects.filter(
                    content_type__app_label=config.label, codename=codename
                ).exists(), f"{config.label}.{codename}"


def test_each_role_grants_what_the_apps_declare():
    declared = {
        role: {
            f"{config.label}.{codename}"
            for config in apps.get_app_configs()
            for codename in getattr(config, "role_permissions", {}).get(role, ())
        }
        for role in (OFFICER, MANAGER)
    }
    assert role_permissions(OFFICER) == declared[OFFICER]
    assert role_permissions(MANAGER) == declared[OFFICER] | declared[MANAGER]
    assert role_permissions(OFFICER) < role_permissions(MANAGER)
    assert "actions.approve_actionplan" in role_permissions(MANAGER) - role_permissions(OFFICER)
    assert "findings.view_finding" in role_permissions(OFFICER)
    # A viewer reads what an officer reads, and changes nothing.
    assert role_permissions(VIEWER) == {p for p in declared[OFFICER] if ".view_" in p}
    assert {"findings.view_finding", "complaints.view_complaint"} <= role_permissions(VIEWER)
    assert role_permissions("owner") == frozenset()
