"""Request context (request id, actor, address) carried in context variables so that services,
jobs and the audit log can read it without passing the request around."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None = None
    channel: str = "web"  # web, api, job, command


_current: ContextVar[RequestContext | None] = ContextVar("request_context", default=None)


def current() -> RequestContext:
    ctx = _current.get()
    if ctx is None:
        return RequestContext(request_id=f"nocontext-{uuid.uuid4().hex[:12]}", channel="command")
    return ctx


@contextlib.contextmanager
def bind(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex
