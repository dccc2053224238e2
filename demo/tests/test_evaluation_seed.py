"""The demo holds evaluation-report requests in every state (issue #11), made through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from demo.evaluation import STATES, seed_evaluation
from demo.generate import seed
from evaluation.models import EvaluationRequest

pytestmark = pytest.mark.django_db


def test_demo_requests_in_every_state():
    seed(clients=150, seed=1, today=timezone.localdate() - dt.timedelta(days=1))
    made = seed_evaluation()
    assert set(made) == set(STATES), made
    statuses = set(EvaluationRequest.objects.values_list("status", flat=True))
    assert statuses == set(STATES)
