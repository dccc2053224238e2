"""The demo seed gives the `officer` login's supervision clients real supervision data."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from core.testing.checks import client_for
from documents.models import CaseDocument
from supervision.models import Appointment, SupervisionDetails, SupervisionPlan, Violation, Warning

pytestmark = pytest.mark.django_db


def test_demo_officer_has_supervision_clients_with_contacts_a_warning_and_plans():
    out = io.StringIO()
    call_command("seed_demo", "--clients", "300", "--seed", "1", stdout=out)
    officer = User.objects.get(username="officer")
    details = list(SupervisionDetails.objects.filter(section__case__responsible_officer=officer))
    assert len(details) >= 3
    assert "Supervision: " in out.getvalue()
    sections = [d.section_id for d in details]
    assert Appointment.objects.filter(section__in=sections).exclude(outcome="").exists()
    assert Appointment.objects.filter(section__in=sections, outcome="").exists()  # one ahead
    assert SupervisionPlan.objects.filter(section__in=sections).count() == len(details)
    violation = Violation.objects.get(section__in=sections)
    assert violation.appointment is not None
    warning = Warning.objects.get(violation=violation)
    assert CaseDocument.objects.filter(pk=warning.document_id, document_type="supervision_warning").exists()
    page = client_for(officer).get("/supervision/").content.decode()
    assert details[0].section.case.person.last_name in page
