"""Letters from the documents module's templates, kept with the mediation: invitation (lv/ru/en), the
settlement, and the result to the process director, which marks the result reported."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from core.errors import ValidationFailed
from documents.models import CaseDocument
from mediation import correspondence, letters, services
from mediation.tests.conftest import held_meeting
from tasks.models import Task


def _text(doc):
    with doc.file.open("rb") as fh:
        return "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)


def test_invitation_to_the_victim_in_russian(personas, ready):
    meeting = services.meeting_plan(actor=personas.alice, mediation=ready, kind="preliminary_victim",
                                    format="online", starts_at=timezone.now() + dt.timedelta(days=3),
                                    place="https://meet.example")
    victim = ready.victims.get()
    docx, pdf = correspondence.letter_generate(actor=personas.vera, mediation=ready, code=letters.INVITATION,
                                               language="ru", victim=victim, meeting=meeting)
    text = _text(docx)
    assert "ПРИГЛАШЕНИЕ" in text and "Anna Liepa" in text and "https://meet.example" in text and "Vera Roze" in text
    assert pdf.format == "pdf" and docx.addressee == "victim"
    # Never on the client's case file: the letter holds victim data.
    assert not CaseDocument.objects.filter(case=ready.section.case, document_type=letters.INVITATION).exists()


def test_the_result_letter_reports_the_result(personas, ready, today):
    with pytest.raises(ValidationFailed) as err:
        correspondence.letter_generate(actor=personas.alice, mediation=ready, code=letters.RESULT)
    assert err.value.code == "not_ended"
    held_meeting(personas.alice, ready)
    services.mediation_settle(actor=personas.alice, mediation=ready, expected_version=None, signed_on=today,
                              certified_by="mediator", voluntary=True, consequences_understood=True,
                              terms=[services.NewTerm("Samaksāt 200 EUR", today + dt.timedelta(days=20))])
    ready.refresh_from_db()
    settlement_docx, _ = correspondence.letter_generate(actor=personas.alice, mediation=ready, code=letters.SETTLEMENT,
                                                        language="lv")
    assert "IZLĪGUMS" in _text(settlement_docx) and "Samaksāt 200 EUR" in _text(settlement_docx)
    docx, _ = correspondence.letter_generate(actor=personas.alice, mediation=ready, code=letters.RESULT)
    assert "Izlīgums noslēgts" in _text(docx)
    ready.refresh_from_db()
    assert ready.reported_on == today
    assert Task.objects.get(pk=ready.report_task_id).status == Task.Status.DONE
    with pytest.raises(ValidationFailed):
        correspondence.letter_generate(actor=personas.alice, mediation=ready, code=letters.RESULT, language="ru")
