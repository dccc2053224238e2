from django.utils.translation import gettext_lazy

from core.api import ApiRouter

router = ApiRouter(tags=["evaluation"], write_scope="evaluation:write",
                   write_label=gettext_lazy("Post evaluation report requests and record their steps"))
