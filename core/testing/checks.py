"""Generic checks used by every app's access and performance tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _rewound(data: dict | None) -> dict:
    """``data`` ready to be sent again: uploaded files are read from their start each time."""
    for value in (data or {}).values():
        if hasattr(value, "seek"):
            value.seek(0)
    return data or {}


def assert_page_access(url: str, personas: Any, allowed: Iterable[str], denied: Iterable[str],
                       method: str = "get", data: dict | None = None, ok_status: Iterable[int] = (200,)) -> None:
    """Anonymous users are sent to sign in; ``allowed`` personas get the page; ``denied`` get 404
    (the same answer as for a record that does not exist). ``data`` is posted as a form (files too)."""
    anon = getattr(Client(), method)(url, _rewound(data))
    assert anon.status_code in (302, 401, 404), f"anonymous {method.upper()} {url} -> {anon.status_code}"
    if anon.status_code == 302:
        assert "/login/" in anon["Location"], anon["Location"]
    ok = tuple(ok_status)
    for name in allowed:
        response = getattr(client_for(getattr(personas, name)), method)(url, _rewound(data))
        assert response.status_code in ok, f"{name} {method.upper()} {url} -> {response.status_code}, expected {ok}"
    for name in denied:
        response = getattr(client_for(getattr(personas, name)), method)(url, _rewound(data))
        assert response.status_code == 404, f"{name} {method.upper()} {url} -> {response.status_code}, expected 404"


def assert_api_access(url: str, personas: Any, allowed: Iterable[str], denied: Iterable[str],
                      method: str = "get", json: dict | None = None, ok_status: Iterable[int] = (200,),
                      form: dict | None = None) -> None:
    """Unauthenticated API calls get 401; ``denied`` personas get 404 with a JSON code. The body is
    ``json``, or ``form`` sent as multipart (for routes that take files)."""
    def call(client: Client) -> Any:
        if method == "get":
            return client.get(url)
        if form is not None:
            return getattr(client, method)(url, data=_rewound(form))
        return getattr(client, method)(url, data=json or {}, content_type="application/json")

    anon = call(Client())
    assert anon.status_code == 401, f"anonymous {url} -> {anon.status_code}"
    assert anon.json()["code"] == "unauthenticated"
    ok = tuple(ok_status)
    for name in allowed:
        response = call(client_for(getattr(personas, name)))
        assert response.status_code in ok, f"{name} {url} -> {response.status_code} {response.content[:300]!r}"
    for name in denied:
        response = call(client_for(getattr(personas, name)))
        assert response.status_code == 404, f"{name} {url} -> {response.status_code}, expected 404"
        assert response.json()["code"] == "not_found"


@contextmanager
def count_queries() -> Any:
    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def assert_constant_queries(build: Callable[[int], None], request: Callable[[], Any], sizes: tuple[int, int] = (2, 12),
                            *, none_in_render: bool = False) -> int:
    """The request runs the same number of queries when the data grows from sizes[0] to sizes[1];
    with ``none_in_render``, none of them while the template renders (``assert_no_queries_in_render``)."""
    from django.core.cache import cache

    counts = []
    built = 0
    for size in sizes:
        build(size - built)
        built = size
        cache.clear()  # both measurements start cold (policies are cached for a minute)
        with CaptureQueriesContext(connection) as ctx, queries_in_render() as in_render:
            response = request()
        assert getattr(response, "status_code", 200) == 200, response.status_code
        counts.append(len(ctx.captured_queries))
        if none_in_render:
            assert not in_render, "queries ran while the template rendered:\n" + "\n".join(in_render)
    assert counts[0] == counts[1], f"query count grew with the data: {counts}"
    return counts[0]


@contextmanager
def queries_in_render() -> Any:
    """Collects the SQL of the queries run while a template renders (a page's top-level template,
    its includes, tags and context processors). A fast page runs none: the view evaluates its data
    with only the columns shown and hands the template plain values (docs/development/
    adding-a-function.md, "Keep the page fast")."""
    from django.template.backends.django import Template as BackendTemplate

    seen: list[str] = []
    original = BackendTemplate.render

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        with connection.execute_wrapper(record):
            return original(self, *args, **kwargs)

    BackendTemplate.render = render  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        BackendTemplate.render = original  # type: ignore[method-assign]


def assert_no_queries_in_render(request: Callable[[], Any]) -> Any:
    """``request()`` answers 200 and runs no query while its template renders."""
    with queries_in_render() as seen:
        response = request()
    assert getattr(response, "status_code", 200) == 200, response.status_code
    assert not seen, "queries ran while the template rendered:\n" + "\n".join(seen)
    return response
