from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from accounts.roles import DOCUMENT_VIEW, TEMPLATE_MANAGE
        from cases import functions
        from core import registry
        from documents import services  # noqa: F401  (timeline event types)

        registry.mount_urls("documents/", "documents.urls")
        registry.mount_api("/documents", "documents.api.router")
        registry.nav("documents:templates", _("Templates"), permission=TEMPLATE_MANAGE, order=120)
        functions.add_tab(functions.Tab("documents", _("Documents"), "documents:case_documents",
                                        permission=DOCUMENT_VIEW, order=30))
