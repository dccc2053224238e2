import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core import policies
from core.models import PolicyOverride
from tasks.models import Task
from tasks.tests.factories import receive

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")


@pytest.mark.parametrize("received,due", [
    # Friday; Saturday 17.01.2026 is a transferred working day (for Friday 02.01.2026).
    (dt.datetime(2026, 1, 16, 9, 0), dt.date(2026, 1, 19)),
    # The working Saturday itself counts from Saturday: Monday, Tuesday.
    (dt.datetime(2026, 1, 15, 16, 0), dt.date(2026, 1, 17)),
    # Thursday 30.04: 01.05 (Friday) and 04.05 (Monday, Restoration of Independence) are off.
    (dt.datetime(2026, 4, 30, 12, 0), dt.date(2026, 5, 6)),
    # Midsummer: 22.06 is a day off (moved to Saturday 27.06), 23.–24.06 holidays.
    (dt.datetime(2026, 6, 19, 12, 0), dt.date(2026, 6, 26)),
    (dt.datetime(2026, 6, 25, 12, 0), dt.date(2026, 6, 27)),
    # Christmas 24.–26.12 and New Year's Eve 31.12.
    (dt.datetime(2026, 12, 23, 12, 0), dt.date(2026, 12, 29)),
    (dt.datetime(2026, 12, 30, 12, 0), dt.date(2027, 1, 5)),
    # Late in the evening in Riga is still that day, even though it is another hour in UTC.
    (dt.datetime(2026, 1, 16, 23, 30), dt.date(2026, 1, 19)),
])
def test_open_case_file_deadline_counts_latvian_working_days(personas, received, due):
    item = receive(personas, received_at=received.replace(tzinfo=RIGA), document_date=dt.date(2025, 12, 1))
    assert Task.objects.get(inbox_item=item).due_date == due


def test_deadline_follows_the_policy(personas):
    PolicyOverride.objects.create(key="cases.opening_deadline_working_days", value=5, reason="test")
    policies.forget("cases.opening_deadline_working_days")
    try:
        item = receive(personas, received_at=dt.datetime(2026, 1, 16, 9, 0, tzinfo=RIGA),
                       document_date=dt.date(2025, 12, 1))
        # 17.01 (Sat, working), 19, 20, 21, 22.
        assert Task.objects.get(inbox_item=item).due_date == dt.date(2026, 1, 22)
    finally:
        policies.forget("cases.opening_deadline_working_days")
