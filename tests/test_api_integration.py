"""The API as an integration uses it (issue #9, part 1): bearer tokens write without CSRF, sessions write
only with the CSRF token, unauthenticated calls get 401, absurd numbers and broken bodies get a 4xx JSON
answer with a code (never a 500), and tokens are issued from the command line.

Every client here enforces CSRF, as a browser and a real integration meet it."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts import services as account_services
from accounts.models import ApiToken
from accounts.roles import Role
from accounts.testing.personas import make_user
from core.testing.checks import client_for
from tasks.models import IncomingDocument
from tasks.tests.factories import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def integration(personas):
    account = account_services.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    return account


def _csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _inbox_form(personas) -> dict:
    return {"kind": "court_ruling", "sender": "Rīgas pilsētas tiesa", "sender_reference": "K30-0001-26",
            "document_date": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "unit_code": personas.org.riga_centre.code, "file": pdf()}


def test_a_bearer_token_writes_without_csrf_and_reads_back_what_it_posted(personas, integration):
    out = io.StringIO()
    call_command("api_token", "create", "dvs", "--name", "DVS production", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"pl_[0-9a-f]{8}_\S+", raw), "the token is alone on the last line"
    token = ApiToken.objects.get(user=integration)
    assert "inbox:write" in token.scopes and "read" in token.scopes  # every scope its role may use
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    posted = _csrf_client().post("/api/inbox/", _inbox_form(personas), **headers)
    assert posted.status_code == 201, posted.content
    item_id = posted.json()["id"]
    status = _csrf_client().get(f"/api/inbox/submitted/{item_id}", **headers)
    assert status.status_code == 200 and status.json()["status"] == "new"
    # Another integration's documents are not found.
    other = account_services.service_account_create(actor=personas.admin, username="tiesas", name="Tiesas")
    _token, other_raw = account_services.token_create(actor=personas.admin, account=other, name="t",
                                                      scopes=["read", "inbox:write"])
    assert _csrf_client().get(f"/api/inbox/submitted/{item_id}",
                              HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 404


def test_unauthenticated_writes_get_401_not_a_csrf_error(personas):
    response = _csrf_client().post("/api/inbox/", _inbox_form(personas))
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    response = _csrf_client().post("/api/cases/1/assign", {"officer": None, "version": 1},
                                   content_type="application/json")
    assert response.status_code == 401


def test_a_session_writes_only_with_its_csrf_token(personas, client_case):
    client = _csrf_client(personas.alice)
    url = f"/api/cases/{client_case.pk}/sections"
    body = {"kind": client_case.sections.get().kind, "basis_type": "court_ruling", "basis_number": "K1",
            "basis_date": "2026-01-05", "basis_issuer": "Rīgas pilsētas tiesa"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    client.get("/caseload/")  # the page sets the csrftoken cookie, as in a browser
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


@pytest.mark.parametrize("url", [
    "/api/tasks/?page=4611686018427387904",
    "/api/persons/?offset=9223372036854775808",
    "/api/cases/?unit=99999999999999999999",
    "/api/cases/?officer=99999999999999999999",
    "/api/inbox/?page=4611686018427387904",
    "/api/outbox/messages?page=4611686018427387904",
    "/api/cases/99999999999999999999",
    "/api/persons/99999999999999999999",
])
def test_absurd_numbers_get_a_4xx_with_a_code(personas, url):
    response = _csrf_client(personas.hanna).get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response.json()["code"] in ("invalid_input", "not_found")


def test_a_multipart_body_without_a_boundary_is_a_400_with_a_code(personas, integration):
    _token, raw = account_services.token_create(actor=personas.admin, account=integration, name="t",
                                                scopes=["read", "inbox:write"])
    response = _csrf_client().post("/api/inbox/", data=b"--x\r\n", content_type="multipart/form-data",
                                   HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"
    assert not IncomingDocument.objects.exists()


def test_api_token_list_and_revoke(personas, integration):
    out = io.StringIO()
    call_command("api_token", "create", "dvs", "--scopes", "read", stdout=out)
    token = ApiToken.objects.get(user=integration)
    assert token.scopes == ["read"]
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert f"{token.pk}\tdvs" in listing.getvalue() and "active" in listing.getvalue()
    assert token.token_hash not in listing.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError, match="token_revoked"):
        call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="scope_unknown"):
        call_command("api_token", "create", "dvs", "--scopes", "read,everything", stdout=io.StringIO())
    staff = make_user("rudolfs", Role.OFFICER, unit=personas.org.riga_centre)
    with pytest.raises(CommandError, match="not_service_account"):
        call_command("api_token", "create", staff.username, stdout=io.StringIO())


def test_the_api_docs_load_nothing_from_another_server(personas):
    html = _csrf_client(personas.alice).get("/api/docs").content.decode()
    assert "swagger" in html.lower()
    external = [url for url in re.findall(r'(?:src|href)="([^"]+)"', html) if url.startswith(("http:", "https:", "//"))]
    assert external == []


def test_a_caller_without_the_permission_gets_404_whatever_the_body(personas, client_case):
    """The route's permission is checked before its input: a malformed body from someone who may not use
    the route is a 404 (as for a missing record), not a 422 that would describe the route's input."""
    url = f"/api/cases/{client_case.pk}/sections"
    for body in ({"kind": 1}, {}):
        response = client_for(personas.anna).post(url, body, content_type="application/json")
        assert response.status_code == 404 and response.json()["code"] == "not_found", body
    # The same bad body from someone who may use the route: the input error, naming the field.
    response = client_for(personas.alice).post(url, {"kind": 1}, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("path", ["/api/cases/-1", "/api/cases/abc", "/api/no-such-thing", "/api/cases/1/nothing"])
def test_an_api_url_that_matches_nothing_answers_json_404(personas, path):
    response = _csrf_client(personas.alice).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert Client().get(path).json()["code"] == "not_found"


def test_a_page_that_matches_nothing_is_still_a_page(personas):
    response = _csrf_client(personas.alice).get("/no-such-page/")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document names each schema by its class: two classes of one name silently share one
    schema there, and an integration (and the fuzzer) then validates one route against another's shape."""
    import typing
    from collections import defaultdict

    from pydantic import BaseModel

    from config.api import api

    classes: dict[str, set[str]] = defaultdict(set)
    seen: set[type] = set()

    def walk(annotation: typing.Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in seen:
                seen.add(annotation)
                if "." not in annotation.__qualname__:  # ninja's own nested paging inputs are query parameters
                    classes[annotation.__name__].add(f"{annotation.__module__}.{annotation.__qualname__}")
                for field in annotation.model_fields.values():
                    walk(field.annotation)
        else:
            for argument in typing.get_args(annotation):
                walk(argument)

    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*(operation.response_models or {}).values(), *(operation.models or [])]:
                    walk(model)
    assert seen, "the walk found no schema at all"
    shared = {name: sorted(where) for name, where in classes.items() if len(where) > 1}
    assert not shared, shared
