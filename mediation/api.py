from django.utils.translation import gettext_lazy

from core.api import ApiRouter

router = ApiRouter(tags=["mediation"], write_scope="mediation:write",
                   write_label=gettext_lazy("Register mediations and record their consent, meetings and outcome"))
