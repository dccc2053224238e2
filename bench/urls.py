"""The product's URLs plus the benchmark's floor page (only in the benchmark's server)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns
from core import access

_FLOOR = engines["django"].from_string('{% extends "base.html" %}{% block title %}floor{% endblock %}')


@access.page()
def floor(request: HttpRequest) -> HttpResponse:
    """The base layout (header, navigation, footer) for the signed-in user, and nothing else."""
    return HttpResponse(_FLOOR.render({}, request))


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *product_urlpatterns]
