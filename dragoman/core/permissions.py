"""Who a user is, as far as permissions go: the ``Actor`` every rule takes.

The rules themselves live with the domain they guard (``orgs.permissions``,
``linguists.permissions``, ``orders.permissions``, ``board.permissions``), each app asking the
Actor it is given; pages, API handlers and services all ask those rules. Building an Actor
needs memberships, which organisations own: ``orgs`` registers the builder at start-up
(``set_actor_builder``), so core imports no domain app.

The rules follow PRODUCT.md "Who uses it" and the memoQ customer-portal seed (001):

- Platform staff see and manage everything.
- A partner manager sees their agency and the client organisations it brought, and the
  contacts of those clients (read only); they manage their own agency's members.
- A client Manager sees their organisation and manages its contacts (add, edit, change role,
  remove, allowed services); Requesters and Observers see their organisation but not its
  contact list.
- A linguist belongs to no organisation and sees none; clients never see who a linguist is.
- Someone whose membership waits for approval has no rights in that organisation yet.

Reads that fail a rule raise ``NotFound`` when the caller may not even know the object
exists, ``Forbidden`` when they can see it but not do the thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """What a user is, as far as permissions go: computed once per request, plain values."""

    user_id: int | None
    is_authenticated: bool
    is_staff: bool
    organisation_id: int | None
    organisation_kind: str | None
    role: str | None
    is_linguist: bool
    membership_pending: bool
    # Set by the builder from the organisation's kind and the role, so that rules read them
    # without knowing the organisations' enums.
    in_client: bool = False
    in_partner: bool = False
    is_manager: bool = False

    @property
    def kind(self) -> str:
        """A single word for dashboards and tests: staff, partner_manager, client_manager…"""
        if not self.is_authenticated:
            return "anonymous"
        if self.is_staff:
            return "staff"
        if self.in_partner:
            return f"partner_{self.role}"
        if self.in_client:
            return f"client_{self.role}"
        if self.is_linguist:
            return "linguist"
        if self.membership_pending:
            return "pending"
        return "member"

    def is_client(self, *roles: str) -> bool:
        return self.in_client and (not roles or self.role in roles)

    def is_partner_manager(self) -> bool:
        return self.in_partner and self.is_manager


ANONYMOUS = Actor(None, False, False, None, None, None, False, False)

ActorBuilder = Callable[[Any], Actor]
_builder: list[ActorBuilder] = []


def set_actor_builder(builder: ActorBuilder) -> None:
    """The function that makes an active user's Actor (``orgs`` sets it at start-up)."""
    _builder[:] = [builder]


def actor_for(user: Any) -> Actor:
    """The user's Actor, cached on the user object (one query per request at most)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_dragoman_actor", None)
    if cached is not None:
        return cached
    if not _builder:
        raise RuntimeError("No actor builder: is dragoman.orgs in INSTALLED_APPS?")
    actor = _builder[0](user)
    user._dragoman_actor = actor
    return actor


def forget_actor(user: Any) -> None:
    """Drop the cached Actor after a change of role or membership."""
    if hasattr(user, "_dragoman_actor"):
        del user._dragoman_actor
