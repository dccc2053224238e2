"""/api/org: access by persona and bearer-token authentication (valid, revoked, expired, scope)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import ApiToken, Grant, User
from accounts.roles import Role
from core.testing.checks import assert_api_access, assert_constant_queries, client_for

STAFF_WITH_ROLE = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "admin", "audrey"]


@pytest.fixture
def account(personas):
    return services.service_account_create(actor=personas.admin, username="dvs", name="DVS")


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_units_for_staff_with_a_role(personas):
    assert_api_access("/api/org/units", personas, allowed=STAFF_WITH_ROLE, denied=["vera", "walt", "noah"])
    body = client_for(personas.alice).get("/api/org/units").json()
    centre = next(u for u in body if u["code"] == "RIGA-C")
    assert centre["municipalities"] == ["LV-RIX"] and centre["kind"] == "unit"


def test_users_only_for_user_managers(personas):
    denied = [n for n in personas.all() if n != "admin"]
    assert_api_access("/api/org/users", personas, allowed=["admin"], denied=denied)
    body = client_for(personas.admin).get("/api/org/users", {"unit": "LIEP"}).json()
    assert body["count"] == 2
    assert {u["username"] for u in body["items"]} == {"carol", "otto"}
    otto = next(u for u in body["items"] if u["username"] == "otto")
    assert otto["roles"][0]["role"] == "unit_head" and otto["roles"][0]["org_unit"] == "LIEP"
    assert "password" not in otto


def test_users_api_query_count_is_constant(personas):
    c = client_for(personas.admin)
    n = {"i": 0}

    def build(k):
        for _ in range(k):
            n["i"] += 1
            u = User.objects.create_user(username=f"api{n['i']}", home_unit=personas.org.liepaja)
            Grant.objects.create(user=u, role=Role.OFFICER, scope="unit", org_unit=personas.org.liepaja)

    assert_constant_queries(build, lambda: c.get("/api/org/users"))


def test_me_for_every_signed_in_user(personas):
    assert_api_access("/api/org/me", personas, allowed=list(personas.all()), denied=[])
    body = client_for(personas.hanna).get("/api/org/me").json()
    assert body["username"] == "hanna"
    assert body["roles"] == ["unit_head"]
    assert body["grants"][0]["scope"] == "unit" and body["grants"][0]["org_unit"] == "RIGA-C"
    assert "workload.view" in body["permissions"] and "user.manage" not in body["permissions"]
    assert "health" in body["sensitivities"]
    assert body["token_scopes"] is None


def test_valid_token_authenticates(personas, account):
    _token, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=["read"])
    r = Client().get("/api/org/me", **bearer(raw))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["username"] == "dvs" and body["is_service_account"] is True
    # The integration role's own permission (probation functions may give it theirs, e.g. a register import).
    assert body["roles"] == ["integration"] and "inbox.submit" in body["permissions"]
    assert body["token_scopes"] == ["read"]
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_401(personas, account):
    token, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=["read"])
    services.token_revoke(actor=personas.admin, token=token)
    r = Client().get("/api/org/me", **bearer(raw))
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


def test_expired_token_is_401(personas, account):
    token, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=["read"],
                                       expires_at=timezone.now() + dt.timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = Client().get("/api/org/me", **bearer(raw))
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


def test_token_of_deactivated_account_is_401(personas, account):
    _token, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=["read"])
    User.objects.filter(pk=account.pk).update(is_active=False)
    assert Client().get("/api/org/me", **bearer(raw)).status_code == 401


def test_wrong_and_malformed_tokens_are_401(personas, account):
    services.token_create(actor=personas.admin, account=account, name="t", scopes=["read"])
    for raw in ("pl_deadbeef_notarealsecret", "something-else"):
        r = Client().get("/api/org/me", **bearer(raw))
        assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


def test_token_without_scope_is_403(personas, account):
    _token, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=["inbox:write"])
    r = Client().get("/api/org/me", **bearer(raw))
    assert r.status_code == 403
    assert r.json()["code"] == "token_scope_missing" and r.json()["scope"] == "read"


def test_token_cannot_read_what_the_account_may_not(personas, account):
    _token, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=["read"])
    assert Client().get("/api/org/users", **bearer(raw)).status_code == 404
    assert Client().get("/api/org/units", **bearer(raw)).status_code == 404
