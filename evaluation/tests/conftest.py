import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from accounts.testing.personas import make_user
from cases import services as case_services
from evaluation import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def sam(personas):
    """A senior officer of Alice's unit (the reviewer)."""
    return make_user("sam", Role.SENIOR_OFFICER, unit=personas.org.riga_centre, first_name="Sams", last_name="Kalns")


@pytest.fixture
def court(personas):
    """The e-case integration's service account."""
    return make_user("ecase", Role.INTEGRATION, unit=None, is_service_account=True)


@pytest.fixture(autouse=True)
def _unit_address(personas):
    unit = personas.org.riga_centre
    unit.address = "Brīvības iela 10, Rīga"
    unit.save()


def request_data(today, **overrides):
    data = {
        "requester_kind": "court", "requester_name": "Rīgas pilsētas tiesa", "request_number": "T-1",
        "case_number": "11816000123", "offence": "KL 180. panta otrā daļa",
        "request_date": today - dt.timedelta(days=2), "received_on": today - dt.timedelta(days=1),
        "deadline": today + dt.timedelta(days=20), "person_contacts": "tālr. 20000000",
        "victim_meeting_undesirable": False, "victim_name": "Anna Kalna", "victim_contacts": "tālr. 21111111",
    }
    data.update(overrides)
    return data


def open_section(personas, case, today):
    return case_services.section_open(actor=personas.alice, case=case, kind="evaluation",
                                      basis_type="evaluation_request", basis_number="T-1",
                                      basis_date=today - dt.timedelta(days=2), basis_issuer="Rīgas pilsētas tiesa",
                                      responsible_officer=personas.alice)


@pytest.fixture
def ev_section(personas, client_case, today):
    return open_section(personas, client_case, today)


@pytest.fixture
def ev_request(personas, ev_section, today):
    return services.request_record(actor=personas.alice, section=ev_section, **request_data(today))


def pdf_file():
    return SimpleUploadedFile("request.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


def written(request):
    from evaluation.models import SECTION_CODES

    return {code: f"Teksts {code}" for code in SECTION_CODES}


@pytest.fixture
def templates_loaded(db):
    from django.core.management import call_command

    call_command("load_document_templates", stdout=io.StringIO())
