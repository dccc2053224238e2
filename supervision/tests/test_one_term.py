"""One source of truth for a section's term (issue 9, item 12): the case file's overview and the
supervision page show the same dates, whatever the registration from the inbox typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Section
from core.testing.checks import client_for
from supervision import services

pytestmark = pytest.mark.django_db


def _terms(client, section) -> tuple[str, str]:
    overview = client.get(reverse("case_detail", args=[section.case_id])).content.decode()
    page = client.get(reverse("supervision:section", args=[section.case_id, section.pk])).content.decode()
    return overview, page


def test_registered_term_is_the_sections_term(section, personas):
    # the inbox registration typed 12.09.2025–12.09.2027; the officer registers a one-year term
    details = services.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                            end_date=dt.date(2026, 9, 12), intensity="medium")
    section = Section.objects.get(pk=section.pk)
    assert (section.start_date, section.planned_end_date) == (dt.date(2025, 9, 12), dt.date(2026, 9, 12))
    overview, page = _terms(client_for(personas.alice), section)
    assert "12.09.2025 – 12.09.2026" in overview and "12.09.2027" not in overview
    assert "12.09.2026" in page and "12.09.2027" not in page
    services.supervision_change_term(actor=personas.alice, details=details, expected_version=details.version,
                                     end_date=dt.date(2026, 12, 12), reason="Tiesas lēmums")
    section = Section.objects.get(pk=section.pk)
    assert section.planned_end_date == dt.date(2026, 12, 12)
    overview, _page = _terms(client_for(personas.alice), section)
    assert "12.09.2025 – 12.12.2026" in overview


def test_migration_copies_registered_terms(section, personas):
    import importlib

    from django.apps import apps

    services.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                  end_date=dt.date(2026, 9, 12), intensity="medium")
    Section.objects.filter(pk=section.pk).update(planned_end_date=dt.date(2028, 12, 5))  # the old, split state
    migration = importlib.import_module("supervision.migrations.0006_section_term_from_details")
    migration.copy_terms(apps, None)
    assert Section.objects.get(pk=section.pk).planned_end_date == dt.date(2026, 9, 12)
