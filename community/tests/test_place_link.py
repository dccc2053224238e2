"""The work place's "enter a day's hours" link is shown only where it leads somewhere: never a link
that answers 404 because none of the user's clients work there (issue 9, item 16)."""

import pytest
from django.urls import reverse

from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


def test_link_only_where_the_users_clients_work(personas, provider, place):
    client = client_for(personas.alice)
    page_url = reverse("partners:organisation", args=[provider.pk])
    link = reverse("community:bulk_hours", args=[place.pk])
    assert client.get(link).status_code == 404
    assert f'href="{link}"' not in client.get(page_url).content.decode()


def test_link_shown_with_a_client_placed_there(personas, provider, place, order):
    client = client_for(personas.alice)
    link = reverse("community:bulk_hours", args=[place.pk])
    assert f'href="{link}"' in client.get(reverse("partners:organisation", args=[provider.pk])).content.decode()
    assert client.get(link).status_code == 200


def test_link_for_the_places_supervisor(personas, provider, place, walt_link):
    from community import selectors

    assert selectors.bulk_hours_places(personas.walt, [place.pk]) == {place.pk}
    assert selectors.bulk_hours_places(personas.bob, [place.pk]) == set()
