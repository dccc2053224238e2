from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import registry
        from core.permissions import AUDIT_VIEW

        connection_created.connect(_sqlite_collations, dispatch_uid="core.sqlite_collations")
        registry.nav("audit_log", _("Audit"), permission=AUDIT_VIEW, order=130)
        registry.landing("audit_log", permission=AUDIT_VIEW, order=50)


def _sqlite_collations(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite has no Latvian collation of its own: ``core.text.Latvian`` orders by this one."""
    if connection.vendor == "sqlite":
        from core.text import sqlite_latvian_collation

        connection.connection.create_collation("lv", sqlite_latvian_collation)
