from __future__ import annotations

from django.db import transaction

from core.models import Counter


def next_value(name: str) -> int:
    """The next value of a named, gap-free counter (call inside the caller's transaction)."""
    with transaction.atomic():
        counter, _ = Counter.objects.select_for_update().get_or_create(name=name)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value
