"""Sign-in, the administration pages (/admin-ui/) and "my account"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services, twofactor
from accounts.forms import (
    GrantForm,
    OrgUnitForm,
    OtpTokenForm,
    OtpVerifyForm,
    OwnPasswordForm,
    PolicyForm,
    ReasonForm,
    ServiceAccountForm,
    SetPasswordForm,
    TokenForm,
    UserFilterForm,
    UserForm,
    VersionForm,
)
from accounts.models import ApiToken, Grant, OrgUnit
from accounts.roles import ORG_MANAGE, POLICY_MANAGE, USER_MANAGE
from accounts.templatetags.accounts_tags import policy_value
from core import access, policies
from core.errors import DomainError
from core.forms import GovukFormMixin, act, submit
from core.models import PolicyOverride

if TYPE_CHECKING:
    from accounts.selectors import DetailUser


class LoginForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("The user name or password is wrong. Both are case-sensitive."),
        "inactive": gettext_lazy("This account is disabled."),
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        step = twofactor.gate(self.request.user)
        if step is not None:
            target = "accounts:otp_verify" if step == twofactor.VERIFY else "accounts:otp_setup"
            return f"{reverse(target)}?{urlencode({'next': url})}"
        return url


class LogoutView(auth_views.LogoutView):
    pass


def _unit_or_404(pk: int) -> OrgUnit:
    unit = OrgUnit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def _user_or_404(pk: int, *, service_account: bool | None = None) -> DetailUser:
    user = selectors.user_detail(pk)
    if user is None or (service_account is not None and user.is_service_account != service_account):
        raise Http404
    return user


# --- Organisation -----------------------------------------------------------------------------

@access.page(ORG_MANAGE)
def org(request: HttpRequest) -> HttpResponse:
    show_inactive = request.GET.get("inactive") == "1"
    return render(request, "accounts/org.html", {"tree": selectors.org_tree(include_inactive=show_inactive),
                                                 "show_inactive": show_inactive})


@access.page(ORG_MANAGE)
def org_create(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind", OrgUnit.Kind.UNIT), "parent": request.GET.get("parent")}
    form = OrgUnitForm(request.POST or None, initial=initial)
    if submit(request, form, lambda d: services.orgunit_create(
            actor=request.user, code=d["code"], name=d["name"], kind=d["kind"], parent=d["parent"],
            municipalities=d["municipalities"], address=d["address"], phone=d["phone"], email=d["email"]),
            lambda unit: _("%(name)s was created.") % {"name": unit.name}):
        return redirect("accounts:org")
    return render(request, "accounts/org_form.html", {"form": form, "unit": None})


@access.page(ORG_MANAGE)
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    initial = {"code": unit.code, "name": unit.name, "parent": unit.parent_id, "municipalities": unit.municipalities,
               "address": unit.address, "phone": unit.phone, "email": unit.email, "version": unit.version}
    form = OrgUnitForm(request.POST or None, initial=initial, editing=True)

    def save(d: dict[str, Any]) -> None:
        changes: dict[str, Any] = {k: d[k] for k in ("code", "name", "municipalities", "address", "phone", "email")}
        if unit.kind != OrgUnit.Kind.HEADQUARTERS:
            changes["parent"] = d["parent"]
        services.orgunit_update(actor=request.user, unit=unit, expected_version=d["version"], **changes)

    if submit(request, form, save, _("The unit was saved.")):
        return redirect("accounts:org")
    return render(request, "accounts/org_form.html", {"form": form, "unit": unit})


@access.page(ORG_MANAGE)
def org_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(pk)
    form = VersionForm(request.POST or None, initial={"version": unit.version})
    if submit(request, form, lambda d: services.orgunit_deactivate(
            actor=request.user, unit=unit, expected_version=d["version"]),
            lambda _result: _("%(name)s was closed.") % {"name": unit.name}):
        return redirect("accounts:org")
    return render(request, "accounts/confirm.html", {
        "form": form, "title": _("Close %(name)s") % {"name": unit.name},
        "text": _("A closed unit keeps its history but gets no new cases or staff."),
        "button": _("Close the unit"), "back_url": reverse("accounts:org")})


# --- Users ------------------------------------------------------------------------------------

@access.page(USER_MANAGE)
def users(request: HttpRequest) -> HttpResponse:
    filters = UserFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    sort = request.GET.get("sort", "name")
    qs = selectors.users_list(unit=getattr(data.get("unit"), "pk", None), role=data.get("role") or "",
                              active=data.get("active") or "yes", q=data.get("q") or "", sort=sort)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {"filters": filters, "page_obj": page, "default_sort": "name"})


@access.page(USER_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, initial={"preferred_language": "lv"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user, username=d["username"], first_name=d["first_name"], last_name=d["last_name"],
                email=d["email"], home_unit=d["home_unit"], position=d["position"], phone=d["phone"],
                preferred_language=d["preferred_language"], password=d["password1"] or None)
        except DomainError as exc:
            form.add_domain_error(exc if exc.field != "password" else _as_field(exc, "password1"))
        else:
            messages.success(request, _("The user was created. Now give them a role."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


def _as_field(exc: DomainError, field: str) -> DomainError:
    exc.field = field
    return exc


@access.page(USER_MANAGE)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(pk)
    today = timezone.localdate()
    return render(request, "accounts/user_detail.html", {
        "target": target, "today": today,
        "grants": [(g, g.is_current(today), g.valid_until is None or g.valid_until >= today)
                   for g in target.all_grants],
        "tokens": target.tokens, "version_form": VersionForm(initial={"version": target.version}),
        "two_factor_on": not target.is_service_account and twofactor.has_device(target),
    })


@access.page(USER_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(pk, service_account=False)
    initial = {f: getattr(target, f) for f in ("first_name", "last_name", "email", "position", "phone",
                                               "preferred_language")}
    initial.update(home_unit=target.home_unit_id, version=target.version)
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if submit(request, form, lambda d: services.user_update(
            actor=request.user, user=target, expected_version=d["version"],
            **{k: d[k] for k in ("first_name", "last_name", "email", "home_unit", "position", "phone",
                                 "preferred_language")}), _("The user was saved.")):
        return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": target})


@access.page(USER_MANAGE)
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(pk, service_account=False)
    form = SetPasswordForm(request.POST or None)

    def set_password(d: dict[str, Any]) -> None:
        try:
            services.user_set_password(actor=request.user, user=target, password=d["password1"])
        except DomainError as exc:
            raise _as_field(exc, "password1") from None

    if submit(request, form, set_password, _("The password was set. Give it to the user by a safe channel.")):
        return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/user_password.html", {"form": form, "target": target})


@access.page(USER_MANAGE)
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(pk)
    form = VersionForm(request.POST or None, initial={"version": target.version})
    reactivate = not target.is_active
    service = services.user_reactivate if reactivate else services.user_deactivate
    if submit(request, form, lambda d: service(actor=request.user, user=target, expected_version=d["version"]),
              _("The account was reactivated.") if reactivate else _("The account was deactivated.")):
        return redirect("accounts:user_detail", pk=target.pk)
    if reactivate:
        title, text, button = (_("Reactivate %(name)s") % {"name": target}, _("The user can sign in again with "
                               "the roles still in force."), _("Reactivate"))
    else:
        title, text, button = (_("Deactivate %(name)s") % {"name": target},
                               _("The user can no longer sign in and their API tokens are revoked. Nothing is "
                                 "deleted."), _("Deactivate"))
    return render(request, "accounts/confirm.html", {"form": form, "title": title, "text": text, "button": button,
                                                     "back_url": reverse("accounts:user_detail", args=[target.pk]),
                                                     "warning": not reactivate})


@access.page(USER_MANAGE)
def grant_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(pk)
    form = GrantForm(request.POST or None, service_account=target.is_service_account)
    if submit(request, form, lambda d: services.grant_add(
            actor=request.user, user=target, role=d["role"], scope=d["scope"] or None, org_unit=d["org_unit"],
            valid_from=d["valid_from"], valid_until=d["valid_until"]), _("The role was granted.")):
        return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/grant_form.html", {"form": form, "target": target})


@access.page(USER_MANAGE)
@require_POST
def grant_end(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    grant = Grant.objects.filter(pk=grant_pk, user_id=pk).first()
    if grant is None:
        raise Http404
    act(request, lambda: services.grant_end(actor=request.user, grant=grant), _("The grant was ended."))
    return redirect("accounts:user_detail", pk=pk)


# --- Service accounts and tokens --------------------------------------------------------------

@access.page(USER_MANAGE)
def service_accounts(request: HttpRequest) -> HttpResponse:
    qs = selectors.users_list(service_accounts=True, active="all", sort="username").prefetch_related("api_tokens")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/service_accounts.html", {"page_obj": page})


@access.page(USER_MANAGE)
def service_account_create(request: HttpRequest) -> HttpResponse:
    form = ServiceAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            account = services.service_account_create(actor=request.user, username=d["username"], name=d["name"],
                                                      home_unit=d["home_unit"], email=d["email"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The service account was created. Now issue it a token."))
            return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/service_account_form.html", {"form": form})


@never_cache
@access.page(USER_MANAGE)
def token_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _user_or_404(pk, service_account=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        expires_at = None
        if d["expires_on"]:
            expires_at = timezone.make_aware(dt.datetime.combine(d["expires_on"], dt.time.min))
        try:
            token, raw = services.token_create(actor=request.user, account=account, name=d["name"],
                                               scopes=d["scopes"], expires_at=expires_at)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            # The raw token is rendered once, here, and never stored or shown again.
            response = render(request, "accounts/token_created.html", {"account": account, "token": token,
                                                                       "raw": raw})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/token_form.html", {"form": form, "account": account})


@access.page(USER_MANAGE)
@require_POST
def token_revoke(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_pk, user_id=pk).first()
    if token is None:
        raise Http404
    act(request, lambda: services.token_revoke(actor=request.user, token=token), _("The token was revoked."))
    return redirect("accounts:user_detail", pk=pk)


# --- Policies ---------------------------------------------------------------------------------

@access.page(POLICY_MANAGE)
def policy_list(request: HttpRequest) -> HttpResponse:
    overrides = {o.key: o for o in PolicyOverride.objects.select_related("changed_by")}
    rows = []
    for p in policies.all_policies():
        o = overrides.get(p.key) if p.configurable else None
        rows.append({"policy": p, "override": o, "value": o.value if o is not None else p.default})
    return render(request, "accounts/policies.html", {"rows": rows})


def _policy_or_404(key: str) -> policies.Policy:
    try:
        return policies.get(key)
    except KeyError:
        raise Http404 from None


@access.page(POLICY_MANAGE)
def policy_edit(request: HttpRequest, key: str) -> HttpResponse:
    policy = _policy_or_404(key)
    override = PolicyOverride.objects.select_related("changed_by").filter(key=key).first()
    current = override.value if override is not None else policy.default
    version = override.version if override else 0
    form = PolicyForm(request.POST or None, initial={"version": version}, policy=policy, current=current)
    reset_form = ReasonForm(initial={"version": version})
    if policy.configurable and submit(request, form, lambda d: services.policy_override(
            actor=request.user, key=key, value=d["value"], reason=d["reason"], expected_version=d["version"]),
            _("The new value is in force.")):
        return redirect("accounts:policies")
    return render(request, "accounts/policy_form.html", {
        "policy": policy, "override": override, "current": current, "form": form, "reset_form": reset_form,
        "kind": services.policy_value_kind(policy)})


@access.page(POLICY_MANAGE)
def policy_reset(request: HttpRequest, key: str) -> HttpResponse:
    policy = _policy_or_404(key)
    override = PolicyOverride.objects.filter(key=key).first()
    form = ReasonForm(request.POST or None, initial={"version": override.version if override else 0})
    if submit(request, form, lambda d: services.policy_reset(
            actor=request.user, key=key, reason=d["reason"], expected_version=d["version"]),
            _("The default is in force again.")):
        return redirect("accounts:policies")
    return render(request, "accounts/confirm.html", {
        "form": form, "title": _("Reset “%(name)s” to its default") % {"name": policy.name},
        "text": _("The default is %(value)s.") % {"value": policy_value(policy, policy.default)},
        "button": _("Reset to default"),
        "back_url": reverse("accounts:policy_edit", args=[policy.key]), "reason": True})


# --- My account -------------------------------------------------------------------------------

@access.page()
def me(request: HttpRequest) -> HttpResponse:
    user = access.staff(request)
    today = timezone.localdate()
    grants = list(Grant.objects.filter(user=user).select_related("org_unit").order_by("-valid_from", "role"))
    p = access.principal(user)
    form = OwnPasswordForm(request.POST or None) if not user.is_service_account else None

    def change_password(d: dict[str, Any]) -> None:
        services.user_change_own_password(user=user, old_password=d["old_password"], new_password=d["new_password"])
        update_session_auth_hash(request, user)

    if form is not None and submit(request, form, change_password, pgettext("own account", "Your password was changed.")):
        return redirect("accounts:me")
    return render(request, "accounts/me.html", {
        "grants": [(g, g.is_current(today)) for g in grants], "permissions": sorted(p.permissions),
        "sensitivities": sorted(p.sensitivities), "form": form,
        "two_factor_on": twofactor.has_device(user), "two_factor_required": twofactor.required_for(user),
    })


# --- Two-step sign-in ---------------------------------------------------------------------------

def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after the step: the ``next`` parameter when it is an address on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default


@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: the 6-digit code. Not behind ``access.page`` (that sends people here)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = access.staff(request)
    next_url = _next_url(request, "/")
    if twofactor.gate(user) != twofactor.VERIFY:
        return redirect(next_url)
    form = OtpVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.totp_verify(user=user, token=form.cleaned_data["token"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            otp_login(request, device)
            if twofactor.is_backup(device):
                messages.warning(request, _("You signed in with a backup code; it cannot be used again. Backup "
                                            "codes left: %(n)s. You can create new ones on the two-step "
                                            "sign-in page of your account.")
                                 % {"n": twofactor.backup_codes_left(user)})
            return redirect(next_url)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@never_cache
@access.page(enrolling=True)
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in on (QR code + secret + a code to confirm), or see that it is on."""
    user = access.staff(request)
    if user.is_service_account:
        raise Http404
    next_url = _next_url(request, "")
    if twofactor.has_device(user):
        return render(request, "accounts/otp_setup.html", {
            "on": True, "required": twofactor.required_for(user), "device": twofactor.confirmed_device(user),
            "backup_codes_left": twofactor.backup_codes_left(user)})
    device = twofactor.totp_enrol_start(user=user)
    backup_codes = _pending_backup_codes(request, device.pk)
    form = OtpTokenForm(request.POST or None)

    def confirm(d: dict[str, Any]) -> None:
        confirmed = twofactor.totp_enrol_confirm(user=user, device=device, token=d["token"],
                                                 backup_codes=backup_codes)
        request.session.pop(_PENDING_CODES, None)
        otp_login(request, confirmed)

    if submit(request, form, confirm, _("Two-step sign-in is on. From now on you will need a code from your "
                                        "app each time you sign in.")):
        return redirect(next_url or "accounts:otp_setup")
    response = render(request, "accounts/otp_setup.html", {
        "on": False, "required": twofactor.required_for(user), "form": form, "next": next_url,
        "qr_svg": twofactor.qr_svg(device), "secret": twofactor.secret_base32(device),
        "backup_codes": [twofactor.display_code(c) for c in backup_codes]})
    response["Cache-Control"] = "no-store"
    return response


#: Session key of the backup codes shown on the pending set-up page (until the device is confirmed).
_PENDING_CODES = "accounts.pending_backup_codes"


def _pending_backup_codes(request: HttpRequest, device_pk: int) -> list[str]:
    """The backup codes the set-up page shows for this pending device: made on the first GET and kept in
    the (server-side) session while the set-up is pending, so that a reload or a wrong code shows the same
    codes; they become the user's backup codes when the device is confirmed. A confirming POST without a
    shown set gets none (the user can create them afterwards)."""
    pending = request.session.get(_PENDING_CODES)
    if isinstance(pending, dict) and pending.get("device") == device_pk and pending.get("codes"):
        return [str(c) for c in pending["codes"]]
    if request.method == "POST":
        return []
    codes = twofactor.new_backup_codes()
    request.session[_PENDING_CODES] = {"device": device_pk, "codes": codes}
    return codes


@never_cache
@access.page()
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    """How many backup codes are left; create new ones (shown once, here; the old ones stop working)."""
    user = access.staff(request)
    if user.is_service_account:
        raise Http404
    if not twofactor.has_device(user):
        return redirect("accounts:otp_setup")
    if request.method == "POST":
        try:
            codes = twofactor.backup_codes_generate(user=user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:otp_setup")
        response = render(request, "accounts/otp_backup_codes.html", {
            "codes": [twofactor.display_code(c) for c in codes]})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/otp_backup_codes.html", {
        "codes": None, "left": twofactor.backup_codes_left(user), "count": twofactor.BACKUP_CODE_COUNT})


@access.page()
@require_POST
def otp_disable(request: HttpRequest) -> HttpResponse:
    user = access.staff(request)
    act(request, lambda: twofactor.totp_disable(user=user), _("Two-step sign-in is off."))
    return redirect("accounts:otp_setup")


@access.page(USER_MANAGE)
def otp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(pk, service_account=False)
    form = VersionForm(request.POST if request.method == "POST" else None)
    if submit(request, form, lambda _d: twofactor.totp_reset(actor=request.user, user=target),
              _("Two-step sign-in was reset. The user sets it up again with a new code.")):
        return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/confirm.html", {
        "form": form, "title": _("Reset two-step sign-in of %(name)s") % {"name": target},
        "text": _("Do this when the user has lost their phone. Their authenticator is removed; they can sign "
                  "in with the password and must set up a new one where their role requires it. Check "
                  "who is asking before you do this."),
        "button": _("Reset two-step sign-in"), "back_url": reverse("accounts:user_detail", args=[target.pk]),
        "warning": True})


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict | None = None) -> HttpResponse:
    """django-axes' answer once a name has too many failed sign-ins (``AXES_LOCKOUT_CALLABLE``): a page in
    the reader's language that says for how long, not axes' one line of English."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
