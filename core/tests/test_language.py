import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_latvian_by_default_whatever_the_browser_says(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "lv"
    assert "Pieteikties" in response.content.decode()


def test_the_switch_in_the_header_chooses_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_latvian(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("login"))["Content-Language"] == "lv"
