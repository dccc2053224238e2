from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from cases.kinds import attach_details
        from supervision import events, jobs, letters, policies, taskrules  # noqa: F401 - registrations

        attach_details(policies.SUPERVISION_KINDS, app="supervision", url_name="supervision:section")
