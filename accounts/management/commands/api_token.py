"""``manage.py api_token create USERNAME [--scopes a,b] [--name N] [--expires YYYY-MM-DD]``,
``api_token list [USERNAME]`` and ``api_token revoke ID``: tokens of integration service accounts from the
command line, through the same audited services as the administrator's page. ``create`` prints the token
once, alone on the last line (only its hash is stored)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from accounts import services
from accounts.models import ApiToken, User
from core import access, context
from core.api import route_scopes
from core.errors import DomainError


class Command(BaseCommand):
    help = "Create, list and revoke API tokens of integration service accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token; prints it once, alone on the last line")
        create.add_argument("username")
        create.add_argument("--scopes", default="", help="comma-separated; default: every scope the account's "
                            "role may use")
        create.add_argument("--name", default="", help="what will use the token (default: the command line)")
        create.add_argument("--expires", default="", help="YYYY-MM-DD: the token stops working at the start of it")
        listing = sub.add_parser("list", help="tokens, newest first (never the secret)")
        listing.add_argument("username", nargs="?", default="")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"), context.bind(context.RequestContext(
                request_id=f"cli-api_token-{options['action']}", channel="command")):
            try:
                getattr(self, f"_{options['action']}")(options)
            except DomainError as error:
                raise CommandError(f"{error.code}: {error.message}") from None

    def _create(self, options: dict[str, Any]) -> None:
        account = User.objects.filter(username=options["username"]).first()
        if account is None:
            raise CommandError(f"no user {options['username']!r}")
        if options["scopes"]:
            scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        else:
            scopes = route_scopes(access.principal(account).permissions)
        expires_at = None
        if options["expires"]:
            try:
                day = dt.date.fromisoformat(options["expires"])
            except ValueError:
                raise CommandError("--expires: give a date as YYYY-MM-DD") from None
            expires_at = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        token, raw = services.token_create(actor=None, account=account, name=options["name"] or "command line",
                                           scopes=scopes, expires_at=expires_at)
        self.stdout.write(f"Token {token.pk} for {account.username} ({', '.join(token.scopes)}); it is shown once:")
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
        if options["username"]:
            tokens = tokens.filter(user__username=options["username"])
        for t in tokens:
            state = "revoked" if t.revoked_at else ("expired" if not t.active else "active")
            used = f"{timezone.localtime(t.last_used_at):%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.name}\tpl_{t.prefix}_…\t{','.join(t.scopes)}\t{state}"
                              f"\tlast used {used}")

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(f"no token {options['id']}")
        services.token_revoke(actor=None, token=token)
        self.stdout.write(f"Token {token.pk} ({token.name}) revoked.")
