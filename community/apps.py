from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community service")

    def ready(self) -> None:
        from cases.kinds import attach_details
        from community import events, jobs, letters, rules  # noqa: F401  (timeline types, jobs, documents, task rules)

        attach_details(("community_service", "community_work_child"), app="community", url_name="community:section")
