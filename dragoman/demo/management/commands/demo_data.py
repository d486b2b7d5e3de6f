"""Load the demo data a first-time user sees (never in production).

``python -m dragoman demo_data`` adds it (what exists already is skipped);
``--if-empty`` loads it only into a database with no users, as ``make run`` does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dragoman.accounts.demo import PASSWORD
from dragoman.demo import compose


class Command(BaseCommand):
    help = f"Load demo organisations, contacts and linguists (all with the password {PASSWORD})."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Only when there are no users.")

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded when DRAGOMAN_ENV=production.")
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database already has users: demo data not loaded.")
            return
        created = compose.load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} accounts."))
        self.stdout.write(f"Log in with any of the demo e-mails and the password {PASSWORD!r}.")
