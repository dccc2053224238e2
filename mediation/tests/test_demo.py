"""The demo holds mediations in every state, and the `mediator` and `volunteer` logins land on theirs."""

import io

from django.core.management import call_command

from accounts.models import User
from core.testing.checks import client_for
from mediation.models import Mediation, Mediator


def test_demo_mediations_and_the_mediators_landing(db):
    call_command("seed_demo", "--clients", "40", "--seed", "3", stdout=io.StringIO())
    states = set(Mediation.objects.values_list("status", flat=True))
    assert states == set(Mediation.Status.values)
    assert Mediation.objects.filter(section__isnull=True).exists()  # an offender without a case file
    assert Mediator.objects.filter(certified_until__isnull=False).count() >= 2  # one expired
    for username in ("mediator", "volunteer"):
        user = User.objects.get(username=username)
        response = client_for(user).get("/", follow=True)
        assert response.redirect_chain[-1][0] == "/mediation/mine/", username
        mine = Mediation.objects.filter(mediator__user=user, status__in=Mediation.OPEN_STATES)
        body = response.content.decode()
        assert mine.exists() and all(m.number in body for m in mine), username
        others = Mediation.objects.exclude(mediator__user=user).filter(status__in=Mediation.OPEN_STATES)
        assert not any(m.number in body for m in others), username
