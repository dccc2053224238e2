"""A request letter registered from the inbox becomes an evaluation section whose page asks for the
request's details; recording them sets the deadline and the tasks."""

import datetime as dt

import pytest
from django.urls import reverse

from core.testing.checks import client_for
from evaluation.models import EvaluationRequest
from evaluation.tests.conftest import pdf_file
from tasks import services as task_services
from tasks.models import Task

pytestmark = pytest.mark.django_db


def test_inbox_request_then_details_on_the_section_page(personas, client_case, today):
    item = task_services.inbox_receive(
        actor=personas.alice, kind="evaluation_request", sender="Rīgas pilsētas tiesa", sender_reference="T-77",
        document_date=today - dt.timedelta(days=1), file=pdf_file(), routed_unit=personas.org.riga_centre)
    item = task_services.inbox_register(actor=personas.alice, item=item, expected_version=item.version,
                                        section_kind="evaluation", person=client_case.person,
                                        responsible_officer=personas.alice)
    section = item.section
    url = reverse("evaluation:section", args=[section.case_id, section.pk])
    html = client_for(personas.alice).get(url).content.decode()
    assert reverse("evaluation:request", args=[section.case_id, section.pk]) in html
    assert 'value="T-77"' in html  # the request number from the inbox item
    response = client_for(personas.alice).post(reverse("evaluation:request", args=[section.case_id, section.pk]), {
        "requester_kind": "court", "requester_name": "Rīgas pilsētas tiesa", "request_number": "T-77",
        "case_number": "11816000777", "offence": "KL 185", "request_date": (today - dt.timedelta(days=1)).isoformat(),
        "received_on": today.isoformat(), "person_contacts": "tālr. 20000000", "victim_meeting_undesirable": "yes"})
    assert response.status_code == 302
    ev = EvaluationRequest.objects.get()
    assert ev.victim_meeting_undesirable and not ev.deadline_from_request
    assert set(Task.objects.filter(section=section).values_list("kind", flat=True)) == {
        "evaluation.deliver", "evaluation.invite"}
