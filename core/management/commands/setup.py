"""``manage.py setup``: bring a live installation's database up to the release, in one documented
command, after every install and update (docs/deployment.md): ``migrate``, ``collectstatic``, every
app's built-in letter templates where none exist (``load_document_templates``), and a check that every
policy loads. Safe to run again; it never touches data an administrator changed."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser

from core import policies


class Command(BaseCommand):
    help = "migrate, collectstatic, load the built-in letter templates, check the policies (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-static", action="store_true", help="skip collectstatic")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        self.stdout.write("1. Database: migrate")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0), stdout=self.stdout)
        if not options["no_static"]:
            self.stdout.write("2. Static files: collectstatic")
            call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0), stdout=self.stdout)
        self.stdout.write("3. Letter templates: built-in version 1 where none exists")
        for name in ("load_document_templates",):  # every app's templates (documents.letters.BUILTIN)
            if name in get_commands():
                call_command(name, stdout=self.stdout)
        loaded = policies.all_policies()
        self.stdout.write(f"4. Policies: {len(loaded)} defined, {sum(p.configurable for p in loaded)} configurable")
        self.stdout.write(self.style.SUCCESS("Set-up done. Restart the services (systemctl restart probacija-web "
                                             "probacija-worker probacija-beat)."))
