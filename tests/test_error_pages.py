"""Production-style error pages and security headers (issue 14 item 11, issue 9 item 6): branded 404 and
500 pages in the user's language with the request id; a Content-Security-Policy without inline scripts."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


def _ok(request):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]
handler500 = "core.views.server_error"


@pytest.mark.django_db
def test_404_is_branded_in_latvian_with_the_request_id(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Lapa nav atrasta" in body
    assert response["X-Request-ID"] in body
    assert "Traceback" not in body and "urlpatterns" not in body


@pytest.mark.django_db
def test_404_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/no-such-page/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [("lv", "Atvainojiet, pakalpojumā radusies problēma"),
                                                ("en", "Sorry, there is a problem with the service")])
def test_500_is_branded_in_the_users_language_with_the_request_id(settings, language, text):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert text in body
    assert response["X-Request-ID"] and response["X-Request-ID"] in body
    assert "a bug" not in body and "RuntimeError" not in body


@pytest.mark.django_db
def test_every_page_has_a_strict_csp_and_no_inline_script(client, personas):
    client.force_login(personas.alice)
    for url in ("/login/", "/", "/no-such-page/"):
        response = client.get(url, follow=True)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]
        html = response.content.decode()
        inline = [m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in m]
        assert inline == [], (url, inline)
        assert not re.search(r"\sstyle=\"", html), url
