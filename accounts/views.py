from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from core.forms import GovukFormMixin
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The user name or password is wrong. Both are case-sensitive."),
        "inactive": _("This account is disabled."),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
