"""The accessibility statement: public (like every GOV.UK statement), in the model statement's
sections, honest about what is not accessible, naming whom to contact, and linked from the
footer of every page."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The model accessibility statement's headings (GOV.UK's sample statement), in order.
SECTIONS = [
    "Accessibility statement for Inspection tracker",
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def test_statement_is_public_with_the_model_sections_in_order(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    positions = [content.find(f">{heading}</h") for heading in SECTIONS]
    assert -1 not in positions, [s for s, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "partially compliant with the" in content
    assert "Equality and Human Rights Commission (EHRC)" in content
    assert 'href="https://www.equalityadvisoryservice.com/"' in content
    assert "This statement was prepared on" in content


def test_statement_names_the_support_contact(client, settings):
    settings.SUPPORT_CONTACT = "the IT service desk, 01632 960000"
    content = client.get(reverse("accessibility")).content.decode()
    assert content.count("contact the IT service desk, 01632 960000") == 2


def test_every_page_links_to_the_statement_in_its_footer(officer_client):
    link = f'<a href="{reverse("accessibility")}">Accessibility statement</a>'
    for page_client, url in [
        (Client(), reverse("login")),  # logged out
        (officer_client, reverse("dashboard")),
        (officer_client, reverse("findings:finding-list")),
        (officer_client, "/no/such/page/"),
    ]:
        content = page_client.get(url).content.decode()
        footer = content[content.index("<footer") :]
        assert link in footer, url
