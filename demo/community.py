"""A small community-service network for the demo (small seeds only), made through the services so
that its audit trail and rules are real: partner organisations (work providers) with work places in
two units (``partners.services``), the `supervisor` login linked to one of them, and some of the demo
officer's clients placed there with a few days of hours (``community.services``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import OrgUnit, User
from cases.models import Section
from community import services
from community.models import OrderType, RegistrationBasis
from core.calendar import is_working_day
from core.errors import DomainError
from partners import services as partners

PROVIDERS = {
    "Rīgas TSV": [
        ("Rīgas pilsētas pašvaldības aģentūra \"Rīgas gaisma\"", "municipal", "Brīvības iela 49, Rīga",
         "Teritorijas labiekārtošana", "LV-RIX"),
        ("Biedrība \"Pilsētas dārzi\"", "ngo", "Kalnciema iela 35, Rīga", "Dārza darbi, sakopšana", "LV-RIX"),
        ("SIA \"Zaļā josta\"", "company", "Maskavas iela 240, Rīga", "Atkritumu šķirošana", "LV-RIX"),
    ],
    "Liepājas TSV": [
        ("Liepājas valstspilsētas pašvaldības iestāde \"Komunālā pārvalde\"", "municipal",
         "Lielā iela 7, Liepāja", "Parku kopšana", "LV-LPX"),
        ("Liepājas Svētās Annas evaņģēliski luteriskā draudze", "religious", "Veidenbauma iela 1, Liepāja",
         "Saimnieciskie darbi", "LV-LPX"),
    ],
}
PLACED_CLIENTS = 8
ORDERED_HOURS = 120


def _past_working_days(start: dt.date, count: int) -> list[dt.date]:
    day, today = start, timezone.localdate()
    days: list[dt.date] = []
    while len(days) < count and day < today:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def seed_community() -> dict[str, int]:
    made = {"providers": 0, "orders": 0, "hour_entries": 0}
    supervisor = User.objects.filter(username="supervisor").first()
    for unit_name, providers in PROVIDERS.items():
        unit = OrgUnit.objects.filter(name=unit_name).first()
        officer = User.objects.filter(home_unit=unit, username__in=("officer", "officer2")).first()
        if unit is None or officer is None:
            continue
        places = []
        for name, kind, address, work, municipality in providers:
            provider = partners.organisation_create(actor=officer, unit=unit, name=name, kind=kind, status="active",
                                                    stage="agreed", address=address)
            places.append(partners.place_add(actor=officer, organisation=provider, name=work, address=address,
                                             municipality=municipality, kinds_of_work=work, capacity=10,
                                             working_times="P.–Pk. 8:00–16:00"))
            # An agreement, a contact person (named in the work order document) and last year's rating.
            today = timezone.localdate()
            partners.agreement_add(actor=officer, organisation=provider,
                                   number=f"VPD-SD-{today.year - 1}-{len(places)}",
                                   valid_from=dt.date(today.year - 1, 1, 15), signed_on=dt.date(today.year - 1, 1, 10))
            partners.contact_add(actor=officer, organisation=provider, name="Inese Kalniņa",
                                 position="Darbu vadītāja", phone="67000100")
            partners.rating_add(actor=officer, organisation=provider, year=today.year - 1,
                                rated_on=dt.date(today.year, 1, 20), score=4,
                                note="Klienti tiek uzraudzīti; darbu apjoms atbilst grafikam.")
            made["providers"] += 1
        if officer.username != "officer":
            continue
        if supervisor is not None:
            services.supervisor_link(actor=officer, provider=places[0].organisation, user=supervisor)
        sections = Section.objects.filter(case__responsible_officer=officer, kind="community_service",
                                          state__in=Section.OPEN_STATES).order_by("id")[:PLACED_CLIENTS]
        for section in sections:
            in_force = section.basis_in_force or section.basis_date
            start = section.start_date or section.registered_on
            try:
                # The order follows the section's basis: a prosecutor's penal order, else a sentence.
                penal = section.basis_type == "penal_order"
                details = services.details_create(
                    actor=officer, section=section,
                    order_type=OrderType.PENAL_ORDER if penal else OrderType.COURT_SENTENCE,
                    ordered_hours=ORDERED_HOURS, registration_basis=RegistrationBasis.RULING,
                    basis_event_date=in_force, ruling_in_force=in_force)
                order = services.order_issue(actor=officer, details=details, place=places[0], start_date=start,
                                             schedule="Sestdienās 9:00–15:00")
                made["orders"] += 1
                for day in _past_working_days(start, 6):
                    services.hours_record(actor=officer, order=order, day=day, hours=4)
                    made["hour_entries"] += 1
            except DomainError:
                continue  # a section whose dates do not allow a placement yet stays unplaced
    return made
