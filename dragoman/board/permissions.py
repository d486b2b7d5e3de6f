"""Who may do what on the reputation board (Blue Board seed 003, PRODUCT.md §8).

- Anybody logged in reads published records and entries and may add an outsourcer (FAQ 3.1).
- LWA entries are written by service providers: linguists and members of partner agencies.
- Users affiliated with an outsourcer (directly or through their organisation) speak for it:
  they reply and dispute, and never write entries about it (FAQ 1.3).
- Staff vet, change contact data (FAQ 3.2), affiliate profiles (FAQ 3.12) and decide.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from dragoman.board.enums import AuthorKind
from dragoman.board.models import Affiliation, Outsourcer
from dragoman.core.permissions import Actor
from dragoman.orgs.enums import OrganisationKind


def author_kind(actor: Actor) -> str | None:
    """The kind of provider the actor writes entries as, or None if they may not."""
    if actor.is_linguist:
        return AuthorKind.LINGUIST
    if actor.organisation_kind == OrganisationKind.PARTNER:
        return AuthorKind.PARTNER
    return None


def can_write_entries(actor: Actor) -> bool:
    return actor.is_authenticated and author_kind(actor) is not None


def affiliated_q(actor: Actor) -> Q:
    """Affiliations that make the actor speak for an outsourcer."""
    condition = Q(user_id=actor.user_id)
    if actor.organisation_id is not None:
        condition |= Q(organisation_id=actor.organisation_id)
    return condition


def is_affiliated(actor: Actor, outsourcer: Outsourcer) -> bool:
    if not actor.is_authenticated:
        return False
    return Affiliation.objects.filter(affiliated_q(actor), outsourcer=outsourcer).exists()


def can_vet(actor: Actor) -> bool:
    return actor.is_staff


def can_see_contact_history(actor: Actor, outsourcer: Outsourcer) -> bool:
    """FAQ 2.20: earlier contact data is for members; the setting may keep it to staff (and
    the outsourcer's own people, who know it anyway)."""
    if not actor.is_authenticated:
        return False
    if actor.is_staff or settings.BOARD_CONTACT_HISTORY_VISIBLE_TO == "registered":
        return True
    return is_affiliated(actor, outsourcer)
