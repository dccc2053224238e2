from django.utils.translation import gettext_lazy as _

from core.api import ApiRouter

router = ApiRouter(tags=["risk"], write_scope="risk:write",
                   write_label=_("Record criminal history, assess and import register files"))
