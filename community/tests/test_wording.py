"""Latvian wording where another app translates the same English words differently (msgid contexts):
Django merges every catalogue, so without a context the first app's form wins everywhere. (The
partner organisations' wording is checked in ``partners/tests``.)"""

import pytest
from django.utils import translation

from community.models import WorkOrder

pytestmark = pytest.mark.django_db


def test_a_closed_work_order_reads_as_a_work_order(personas):
    with translation.override("lv"):
        assert str(WorkOrder.Status.CLOSED.label) == "slēgts"  # norīkojums, not a case file's "slēgta"
