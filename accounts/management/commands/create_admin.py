"""``manage.py create_admin USERNAME --first-name F --last-name L [--email E]``: the first administrator
of a new installation, with the Administrator role (national scope), through the same audited services
as the administrator's page. The password comes from the ``ADMIN_PASSWORD`` environment variable, from
standard input (``--password-stdin``) or is asked for twice; a weak one is refused (the same rules as
everywhere: ``AUTH_PASSWORD_VALIDATORS``).

``createsuperuser`` makes a Django superuser without a role: that account lands on "no pages
available" and cannot reach the user administration. Use this command instead."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from accounts import services
from accounts.roles import Role
from core import context
from core.errors import DomainError


class Command(BaseCommand):
    help = "Create an administrator (the Administrator role, national scope); refuses a weak password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")

    def _password(self, options: dict[str, Any]) -> str:
        if os.environ.get("ADMIN_PASSWORD"):
            return os.environ["ADMIN_PASSWORD"]
        if options["password_stdin"]:
            return sys.stdin.readline().rstrip("\n")
        if not sys.stdin.isatty():
            raise CommandError("give the password in ADMIN_PASSWORD, with --password-stdin, or run in a terminal")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options)
        if not password:
            raise CommandError("weak_password: the password is empty")
        with translation.override("en"), context.bind(context.RequestContext(
                request_id="cli-create_admin", channel="command")):
            try:
                with transaction.atomic():
                    user = services.user_create(
                        actor=None, username=options["username"], first_name=options["first_name"],
                        last_name=options["last_name"], email=options["email"], password=password,
                        preferred_language="lv")
                    services.grant_add(actor=None, user=user, role=Role.ADMINISTRATOR)
            except DomainError as error:
                raise CommandError(f"{error.code}: {error.message}") from None
        self.stdout.write(f"Administrator {user.username} created: sign in and open /admin-ui/users/.")
