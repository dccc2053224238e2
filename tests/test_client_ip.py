"""The client's address behind the reverse proxy (core/net.py): login lockouts per real client
address (django-axes) and the address in the audit trail."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from accounts import services
from accounts.models import User
from core.models import ChangeLog
from core.net import client_ip

STRONG = "Zils-kalns-4821"
PROXY = "127.0.0.1"


def _ip(settings, remote: str, forwarded: str | None = None, trusted: tuple[str, ...] = (PROXY,)) -> str | None:
    settings.TRUSTED_PROXIES = list(trusted)
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/")
    request.META.update(extra)
    return client_ip(request)


def test_the_proxy_hop_is_skipped_and_the_client_read(settings):
    assert _ip(settings, PROXY, "203.0.113.5") == "203.0.113.5"


def test_an_address_the_client_wrote_itself_is_ignored(settings):
    # The client sent "X-Forwarded-For: 10.9.9.9"; nginx appended the address it saw.
    assert _ip(settings, PROXY, "10.9.9.9, 203.0.113.5") == "203.0.113.5"


def test_the_header_is_ignored_from_an_untrusted_peer(settings):
    assert _ip(settings, "198.51.100.2", "203.0.113.5") == "198.51.100.2"
    assert _ip(settings, PROXY, "203.0.113.5", trusted=()) == PROXY


def test_a_chain_of_trusted_proxies_and_networks(settings):
    assert _ip(settings, PROXY, "203.0.113.5, 10.0.0.7", trusted=(PROXY, "10.0.0.0/8")) == "203.0.113.5"
    assert _ip(settings, "::1", "2001:db8::5", trusted=("::1",)) == "2001:db8::5"


def test_garbage_in_the_header_falls_back_to_the_peer(settings):
    assert _ip(settings, PROXY, "not-an-address") == PROXY
    assert _ip(settings, PROXY, "") == PROXY


@pytest.fixture
def officer(db):
    return services.user_create(actor=None, username="lockme", first_name="Anna", last_name="Liepa",
                                password=STRONG)


def _login(client, password: str, address: str):
    return client.post("/login/", {"username": "lockme", "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_lockout_is_per_client_address_behind_the_proxy(client, settings, officer):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 5
    attacker, owner = "203.0.113.66", "198.51.100.7"
    for _ in range(5):
        _login(client, "wrong-password", attacker)
    locked = _login(client, STRONG, attacker)
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # The owner, from another address behind the same proxy, still signs in.
    response = _login(client, STRONG, owner)
    assert response.status_code == 302, response.content[:300]
    assert client.session["_auth_user_id"] == str(officer.pk)


@pytest.mark.django_db
def test_the_audit_trail_records_the_client_not_the_proxy(client, settings, officer):
    settings.TRUSTED_PROXIES = [PROXY]
    admin = User.objects.get(username="lockme")
    client.force_login(admin)
    from core import audit

    # Any audited change made in a request carries the request's address.
    from core.middleware import RequestContextMiddleware

    seen = {}

    def view(request):
        from django.http import HttpResponse

        audit.record(actor=admin, verb="probe", instance=admin, action=ChangeLog.Action.UPDATE)
        seen["ok"] = True
        return HttpResponse("ok")

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    RequestContextMiddleware(view)(request)
    assert seen["ok"]
    assert ChangeLog.objects.get(verb="probe").ip == "203.0.113.9"
