import pytest

from cases import timeline
from cases.models import CaseEvent
from core import audit, context
from core.models import ChangeLog
from people.models import Contact

pytestmark = pytest.mark.django_db


def test_record_many_writes_one_row_per_record_with_its_snapshot(personas, client_case):
    contacts = Contact.objects.bulk_create([
        Contact(person=client_case.person, kind="phone", value=f"+37120000{i:03d}") for i in range(3)])
    with context.bind(context.RequestContext(request_id="req-batch", ip="10.0.0.1")):
        audit.record_many(actor=personas.alice, verb="contact_import", instances=contacts)
    rows = ChangeLog.objects.filter(verb="contact_import").order_by("object_id")
    assert [r.object_id for r in rows] == [str(c.pk) for c in contacts]
    assert rows[0].after["value"] == "+37120000000" and rows[0].actor == personas.alice
    assert {r.request_id for r in rows} == {"req-batch"} and rows[0].ip == "10.0.0.1"


def test_emit_many_writes_events_and_runs_listeners_for_each(personas, client_case):
    seen = []
    timeline.register("test_batch_event", "Batch event", "{n}")
    timeline.on("test_batch_event")(lambda **kw: seen.append(kw["n"]))
    section = client_case.sections.get()
    timeline.emit_many("test_batch_event", actor=personas.alice,
                       items=[(client_case, section, {"n": 1}), (client_case, section, {"n": 2})])
    events = CaseEvent.objects.filter(type="test_batch_event").order_by("id")
    assert [e.data["n"] for e in events] == [1, 2] and seen == [1, 2]
    assert timeline.describe(events[0]) == "1"
    with pytest.raises(ValueError):
        timeline.emit_many("no_such_event", actor=personas.alice, items=[])
