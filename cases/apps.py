from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case files")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from accounts.roles import CASE_VIEW
        from cases.selectors import covered_officers
        from core import access, registry

        access.register_stand_in(covered_officers)

        connection_created.connect(_name_similarity, dispatch_uid="cases.name_similarity")
        registry.mount_urls("", "cases.urls", order=10)
        registry.mount_api("/persons", "cases.api.persons_router", order=10)
        registry.mount_api("/cases", "cases.api.router", order=20)
        registry.nav("caseload", _("My caseload"), permission=CASE_VIEW, order=10)
        registry.landing("caseload", permission=CASE_VIEW, order=20)


def _name_similarity(sender: object, connection: Any, **kwargs: Any) -> None:
    """Name search with typos (cases.selectors._similar): on PostgreSQL the word-similarity threshold
    of pg_trgm's ``<%`` operator; on SQLite the same measure as an SQL function."""
    from cases.selectors import FUZZY_THRESHOLD

    if connection.vendor == "postgresql":
        # On the driver's connection: not a query of any page (query counts stay as they were).
        connection.connection.execute(f"SET pg_trgm.word_similarity_threshold = {FUZZY_THRESHOLD}")
    elif connection.vendor == "sqlite":
        from core.text import word_similarity

        connection.connection.create_function("word_similarity", 2, word_similarity, deterministic=True)
