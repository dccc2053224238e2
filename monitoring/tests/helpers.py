import datetime as dt
import random

from monitoring import ingest, simulator
from monitoring.tests.conftest import devices_of

NIGHT0 = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)  # 20:00 in Riga, two hours before the curfew


def scripted_week(section, behaviours=("left_during", "tamper", "line", "power", "late_return", "compliant")):
    """A base station's (and GPS unit's) messages over several nights, one behaviour a night."""
    d = devices_of(section)
    base = simulator.DeviceRef(d["base"].serial, "base", d["base"].key)
    gps = simulator.DeviceRef(d["gps"].serial, "gps", d["gps"].key) if "gps" in d else None
    outs = []
    for n, behaviour in enumerate(behaviours):
        client = simulator.Client(base=base, gps=gps if behaviour == "gps_zone" else None, behaviour=behaviour)
        start = NIGHT0 + dt.timedelta(days=n)
        outs += simulator.script(client, start, start + dt.timedelta(hours=9), interval=120, seed=n)
    keys = {dev.serial: dev.key for dev in d.values()}
    return outs, keys


def raws(outs, keys):
    return [(ingest.sign(o.body, keys[o.serial]), o.at, None) for o in outs]


def feed(items, batch=100):
    for first in range(0, len(items), batch):
        ingest.ingest(items[first:first + batch])


def shuffled(items, seed=7):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


def final_violations(section):
    from monitoring.models import Violation

    return sorted((v.kind, v.subject, v.started_at, v.cleared_at)
                  for v in Violation.objects.filter(section=section, withdrawn=False))
