"""Every model change has its migration (a missing one would surface only on the next deployment)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits with 1 when a migration is missing
        pytest.fail(f"makemigrations --check found changes without a migration (exit {exc.code}):\n{out.getvalue()}")
