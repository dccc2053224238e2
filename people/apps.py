from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from core.sensitivity import Sensitivity, register_field

        for field in ("declared_municipality", "declared_address", "actual_municipality", "actual_address"):
            register_field("people.person", field, Sensitivity.ADDRESS)
