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
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board.enums import AuthorKind, OutsourcerStatus
from dragoman.board.models import Affiliation, ApplicationSettings, Outsourcer
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


def applications_closed_reason(outsourcer: Outsourcer) -> str:
    """Why an outsourcer may not take applications now, or "" (FAQ 4.3.2: a low average or
    an open non-payment report closes them)."""
    if not outsourcer.is_public or outsourcer.status == OutsourcerStatus.SUSPENDED:
        return _("The outsourcer is not open on the board.")
    if outsourcer.open_nonpayment_count:
        return _("The outsourcer has an open non-payment report.")
    minimum = settings.BOARD_APPLICATIONS_MIN_AVERAGE_TENTHS
    if outsourcer.entry_count and outsourcer.rating_sum * 10 < minimum * outsourcer.entry_count:
        return _("The outsourcer's average LWA is below %(n)s.") % {"n": minimum / 10}
    return ""


def provider_matches(*, settings_row: ApplicationSettings, user: User) -> bool:
    """Whether a linguist meets every criterion the outsourcer set (FAQ 4.2.1: only
    outsourcers one can apply to are shown)."""
    profile = getattr(user, "linguist_profile", None)
    if profile is None:
        return False
    pairs = set(settings_row.pairs.values_list("source_id", "target_id"))
    if pairs and not pairs & set(profile.language_pairs.values_list("source_id", "target_id")):
        return False
    natives = set(settings_row.native_languages.values_list("pk", flat=True))
    if natives and not natives & set(profile.native_languages.values_list("pk", flat=True)):
        return False
    if settings_row.countries and profile.country not in set(settings_row.countries):
        return False
    topics = set(settings_row.specialisations.values_list("pk", flat=True))
    return not (topics and not topics & set(profile.specialisations.values_list("pk", flat=True)))
