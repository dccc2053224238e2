import pytest
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.testing.personas import make_user
from tasks.tests.factories import receive


@pytest.fixture
def item(personas):
    return receive(personas)


@pytest.fixture
def integration(personas):
    user = make_user("dvs", Role.INTEGRATION, unit=None, is_service_account=True)
    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="DVS", prefix=prefix, token_hash=ApiToken.hash(raw),
                            scopes=["read", "inbox:write"])
    prefix2, raw_readonly = ApiToken.generate()
    ApiToken.objects.create(user=user, name="DVS read", prefix=prefix2, token_hash=ApiToken.hash(raw_readonly),
                            scopes=["read"])
    return {"user": user, "token": raw, "readonly_token": raw_readonly}


@pytest.fixture
def today():
    return timezone.localdate()
