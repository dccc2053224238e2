"""The level suggests the supervision intensity (the officer confirms) and the needs flow into the
supervision plan, through ``cases.advice`` (issue 12, item 1): no function imports the other."""

import datetime as dt

from django.urls import reverse

from cases import advice
from cases.models import Section
from core.testing.checks import client_for
from risk.selectors import supervision_advice
from supervision import services as supervision


def test_an_assessment_suggests_the_intensity_and_the_plan_needs(personas, client_case, completed):
    section = Section.objects.get(case=client_case)
    given = supervision_advice(personas.alice, client_case)
    assert given is not None and given in advice.for_case(personas.alice, client_case)
    present = "low" if given.intensity != "low" else "high"  # the supervision runs at another intensity
    supervision.supervision_register(actor=personas.alice, section=section, start_date=dt.date(2025, 9, 12),
                                     end_date=dt.date(2027, 9, 12), intensity=present)
    assert given.intensity in ("low", "medium", "high") and given.url
    # Who may not see assessments gets no advice.
    assert supervision_advice(personas.carol, client_case) is None

    page = client_for(personas.alice).get(reverse("supervision:section", args=[client_case.pk, section.pk]))
    html = page.content.decode()
    assert given.url in html  # the suggestion names its assessment
    form = page.context["intensity_form"]
    assert form.initial["intensity"] == given.intensity and form.initial["reason"] == given.source
    assert "Ieteiktā intensitāte" in html
    plan_needs = page.context["plan_form"].initial.get("needs")
    assert plan_needs == page.context["suggested_needs_codes"]
    assert bool(plan_needs) == bool(completed.needs), (plan_needs, completed.needs)


def test_needs_in_the_plans_words(personas):
    from supervision.views import _plan_needs

    found = _plan_needs([advice.Advice(source="x", needs=("substance_use", "accommodation", "offending"))])
    assert found == ["alcohol", "drugs", "accommodation"]
