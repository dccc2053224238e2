"""``manage.py setup`` (docs/deployment.md): a live installation gets its letters without demo data."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_setup_loads_the_letter_templates_and_is_idempotent(capsys):
    from documents.models import DocumentTemplate

    assert not DocumentTemplate.objects.exists()
    call_command("setup", "--no-static")
    out = capsys.readouterr().out
    created = DocumentTemplate.objects.count()
    assert created > 0
    assert "Policies:" in out and "Set-up done" in out
    call_command("setup", "--no-static")
    assert DocumentTemplate.objects.count() == created
    assert "0 template(s) created" in capsys.readouterr().out
