"""The invitation to appear for an evaluation report: at most 10 days ahead (MK 271 p.13), a policy the
documents module applies through the section kind's ``invitation_limit_policy``."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import services as case_services
from core import policies
from core.errors import ValidationFailed
from core.models import PolicyOverride
from documents import services
from documents.models import CaseDocument
from evaluation.policies import INVITATION_MAX_DAYS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unit_address(personas):
    unit = personas.org.riga_centre
    unit.address = "Brīvības iela 10, Rīga"  # the default place of an invitation
    unit.save()


@pytest.fixture
def templates_loaded(db):
    import io

    call_command("load_document_templates", stdout=io.StringIO())


def _in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _evaluation(personas, case):
    return case_services.section_open(actor=personas.alice, case=case, kind="evaluation",
                                      basis_type="evaluation_request", basis_number="E-1",
                                      basis_date=timezone.localdate(), basis_issuer="Rīgas rajona tiesa")


def test_evaluation_invitation_at_most_policy_days_ahead(personas, client_case, templates_loaded):
    section = _evaluation(personas, client_case)
    with pytest.raises(ValidationFailed) as exc:
        services.document_generate(actor=personas.alice, case=client_case, code="invitation_to_appear",
                                   section=section, appearance_date=_in_days(11), appearance_time=dt.time(10))
    assert (exc.value.code, exc.value.field) == ("appearance_too_late", "appearance_date")
    assert not CaseDocument.objects.exists()
    docs = services.document_generate(actor=personas.alice, case=client_case, code="invitation_to_appear",
                                      section=section, appearance_date=_in_days(10), appearance_time=dt.time(10))
    assert len(docs) == 2
    # Other functions: any future date.
    supervision = client_case.sections.exclude(pk=section.pk).get()
    docs = services.document_generate(actor=personas.alice, case=client_case, code="invitation_to_appear",
                                      section=supervision, appearance_date=_in_days(40), appearance_time=dt.time(10))
    assert len(docs) == 2


def test_evaluation_limit_is_a_policy(personas, client_case, templates_loaded):
    assert policies.get(INVITATION_MAX_DAYS.key).default == 10
    assert "MK 271" in policies.get(INVITATION_MAX_DAYS.key).source
    section = _evaluation(personas, client_case)
    PolicyOverride.objects.create(key=INVITATION_MAX_DAYS.key, value=5, reason="test")
    policies.forget(INVITATION_MAX_DAYS.key)
    try:
        with pytest.raises(ValidationFailed) as exc:
            services.document_generate(actor=personas.alice, case=client_case, code="invitation_to_appear",
                                       section=section, appearance_date=_in_days(6), appearance_time=dt.time(10))
        assert exc.value.extra["max_days"] == 5
    finally:
        policies.forget(INVITATION_MAX_DAYS.key)
