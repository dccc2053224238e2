"""Persona access of closing a supervision over the API (tests/test_seam.py asks for one per route; the
record routes are in test_record_access.py). Those who may manage the section get their bad input
refused (nothing changes); everybody else gets 404."""

from __future__ import annotations

import pytest

from core.testing.checks import assert_api_access
from supervision.tests.test_pages import NOT_WRITERS, WRITERS

pytestmark = pytest.mark.django_db


def test_closing_over_the_api_needs_section_manage_in_scope(registered, personas):
    section = registered.section
    section.refresh_from_db()
    assert_api_access(f"/api/supervision/sections/{section.pk}/close", personas, method="post",
                      json={"reason": "no_such_reason", "version": section.version}, allowed=WRITERS,
                      denied=NOT_WRITERS, ok_status=(422,))
    section.refresh_from_db()
    assert section.is_open
