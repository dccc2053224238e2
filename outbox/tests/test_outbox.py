import pytest
from django.urls import reverse

from core.errors import ValidationFailed
from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from outbox import services
from outbox.backends import BaseBackend, DeliveryFailed
from outbox.models import Message

pytestmark = pytest.mark.django_db
READERS = ["alice", "bob", "hanna", "rita", "audrey"]


class RefusingBackend(BaseBackend):
    name = "refusing"

    def deliver(self, message):
        raise DeliveryFailed("number not reachable")


class ExplodingBackend(BaseBackend):
    name = "exploding"

    def deliver(self, message):
        raise RuntimeError("provider down")


def _send(case, personas, **kw):
    data = {"channel": "sms", "recipient": "+371 20000000", "body": "Tikšanās rīt 10:00"}
    data.update(kw)
    return services.send(actor=personas.alice, case=case, **data)


def test_default_backend_delivers_to_the_outbox_after_commit(client_case, personas,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _send(client_case, personas)
    assert Message.objects.get(pk=message.pk).status == "queued"  # nothing is sent before commit
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == "sent" and message.backend == "outbox" and message.sent_at is not None


@pytest.mark.parametrize("backend,error", [("outbox.tests.test_outbox.RefusingBackend", "number not reachable"),
                                           ("outbox.tests.test_outbox.ExplodingBackend", "RuntimeError: provider down")])
def test_pluggable_backend_failures_are_stored(backend, error, client_case, personas, settings,
                                               django_capture_on_commit_callbacks):
    settings.OUTBOX_BACKEND = backend
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(client_case, personas)
    message.refresh_from_db()
    assert message.status == "failed" and message.error == error


def test_email_backend_sends_mail(client_case, personas, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.OUTBOX_BACKEND = "outbox.backends.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(client_case, personas, channel="email", recipient="janis@example.org", subject="Atgādinājums")
    message.refresh_from_db()
    assert message.status == "sent" and len(mailoutbox) == 1 and mailoutbox[0].to == ["janis@example.org"]


@pytest.mark.parametrize("kw,code", [({"recipient": ""}, "recipient_required"),
                                     ({"recipient": "abc"}, "recipient_invalid"),
                                     ({"channel": "email", "recipient": "not-an-email"}, "recipient_invalid"),
                                     ({"channel": "fax"}, "channel_unknown"),
                                     ({"body": "  "}, "body_required")])
def test_bad_input_saves_nothing(kw, code, client_case, personas):
    with pytest.raises(ValidationFailed) as exc:
        _send(client_case, personas, **kw)
    assert exc.value.code == code
    assert not Message.objects.exists()


def test_outbox_page_access_and_scope(client_case, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(client_case, personas, body="Ziņa Jānim")
    url = reverse("outbox:list")
    assert_page_access(url, personas, allowed=[*READERS, "carol", "otto"],
                       denied=["anna", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert "Ziņa Jānim" in client_for(personas.bob).get(url).content.decode()
    assert "Ziņa Jānim" not in client_for(personas.carol).get(url).content.decode()


def test_outbox_page_constant_queries(client_case, personas):
    client = client_for(personas.alice)
    assert_constant_queries(lambda n: [_send(client_case, personas) for _ in range(n)],
                            lambda: client.get(reverse("outbox:list")))


def test_outbox_api(client_case, personas):
    _send(client_case, personas)
    assert_api_access("/api/outbox/messages", personas, allowed=[*READERS, "carol"], denied=["anna", "noah"])
    assert client_for(personas.alice).get("/api/outbox/messages").json()["count"] == 1
    assert client_for(personas.carol).get("/api/outbox/messages").json()["count"] == 0
