"""Electronic monitoring for the demo (small seeds only), through the monitoring services: an inventory
of devices, and for the open EM sections monitoring planned and fitted with a base station and a tag (a
GPS unit and an exclusion zone for every third client), a nightly curfew 22:00–06:00 Europe/Riga. The
small live simulator of ``make run`` (EM_DEMO_SIMULATOR) then sends their messages over MQTT."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from cases.models import Section
from core.errors import DomainError

CLIENTS = 20


def seed_monitoring(limit: int = CLIENTS) -> dict[str, int]:
    from monitoring import services
    from monitoring.schedules import Window

    made = {"devices": 0, "clients": 0}
    operator = User.objects.filter(username="em").first()
    sections = list(Section.objects.filter(kind="electronic_monitoring", state__in=Section.OPEN_STATES,
                                           em__isnull=True).select_related("case", "responsible_officer",
                                                                           "case__responsible_officer")
                    .order_by("id")[:limit])
    if operator is None:
        return made
    for n in range(len(sections) + 10):
        for kind, model in (("base", "HB-200"), ("tag", "RT-9"), ("gps", "GT-5")):
            services.device_create(actor=operator, kind=kind, serial=f"{kind.upper()}-{n + 1:05d}", model=model,
                                   firmware="2.4.1")
            made["devices"] += 1
    now = timezone.now()
    for n, section in enumerate(sections):
        officer = section.responsible_officer or section.case.responsible_officer or operator
        try:
            details = services.em_plan(actor=officer, section=section, technology="gps" if n % 3 == 0 else "rf",
                                       months=6, consent_on=section.basis_date)
            details = services.em_feasibility_record(
                actor=officer, details=details, electricity=True, connectivity=True, household_members=n % 3,
                household_consent=True, checked_on=min(timezone.localdate(), section.registered_on),
                note="", expected_version=None)
            services.schedule_set(actor=officer, section=section, valid_from=section.registered_on, valid_until=None,
                                  windows=[Window(d, dt.time(22), dt.time(6), True) for d in range(7)])
            kinds = ("base", "tag", "gps") if n % 3 == 0 else ("base", "tag")
            for kind in kinds:
                device = services.Device.objects.get(serial=f"{kind.upper()}-{n + 1:05d}")
                services.device_assign(actor=operator, section=section, device=device,
                                       assigned_at=now - dt.timedelta(days=7))
            if n % 3 == 0:
                lat, lon = 56.95 + 0.02, 24.11 + 0.02
                services.zone_save(actor=officer, section=section, name="Aizliegtā zona", kind="exclusion", polygon=[
                    [lat - 0.005, lon - 0.008], [lat - 0.005, lon + 0.008], [lat + 0.005, lon + 0.008],
                    [lat + 0.005, lon - 0.008], [lat - 0.005, lon - 0.008]])
            fitted = max(now - dt.timedelta(days=7), timezone.make_aware(
                dt.datetime.combine(section.registered_on, dt.time(12))))
            services.em_fit(actor=officer, details=details, fitted_at=min(fitted, now), expected_version=None)
            made["clients"] += 1
        except DomainError:
            continue
    return made


def seed_monitoring_summary() -> str:
    made = seed_monitoring()
    return f"Electronic monitoring: {made['devices']} devices, {made['clients']} clients fitted."
