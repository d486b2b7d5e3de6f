"""What every app's demo data shares: the demo's people log in as ``<name>@demo.dragoman.test``
with one password, their e-mail already verified."""

from __future__ import annotations

from functools import cache
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from dragoman.accounts.models import User
from dragoman.core.demo import Timeline

PASSWORD = "dragoman-demo"
DOMAIN = "demo.dragoman.test"


def email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def stamp(timeline: Timeline) -> None:
    timeline.stamp(User, "date_joined")


def demo_user(local: str, full_name: str, *, verified: bool = True, **fields: Any) -> User | None:
    """A demo account with the demo password, or None when it exists already (a second run
    adds nothing). There is no service for this: accounts are otherwise made by an
    invitation or a registration, which e-mail a link to an address that nobody reads."""
    address = email(local)
    if User.objects.filter(email=address).exists():
        return None
    user = User(email=address, password=_password_hash(), full_name=full_name, **fields)
    user.save()
    if verified:
        verify_email(user)
    return user


@cache
def _password_hash() -> str:
    """One hash for every demo account: they share the password, and a hash costs half a
    second."""
    return make_password(PASSWORD)


def verify_email(user: User) -> None:
    """The account's address, verified and primary, as allauth keeps it after its link."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def demo_people() -> dict[str, User]:
    """Every demo account by the local part of its e-mail (``"staff"``, ``"linguist1"``)."""
    return {
        user.email.split("@")[0]: user for user in User.objects.filter(email__endswith=f"@{DOMAIN}")
    }
