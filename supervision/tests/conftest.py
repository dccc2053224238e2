import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from cases.models import Section
from supervision import services


@pytest.fixture
def section(client_case):
    """The conditional-sentence section of Alice's client (fixture: term 12.09.2025–12.09.2027)."""
    return Section.objects.get(case=client_case)


@pytest.fixture
def registered(section, personas):
    """The section with its term registered, high intensity."""
    return services.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                         end_date=dt.date(2027, 9, 12), intensity="high")


def at(days: int, hour: int = 10) -> dt.datetime:
    """A moment ``days`` from today at ``hour`` (local time)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture(autouse=True)
def _fresh_policy_cache():
    """Policy values are cached for a minute; an override in one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


def posted(prefix: str, data: dict) -> dict:
    """``data`` as the page's form posts it: every form on the section page has its own prefix."""
    return {f"{prefix}-{key}": value for key, value in data.items()}
