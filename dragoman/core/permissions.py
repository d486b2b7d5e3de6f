"""Who may do what: the one place every page, API handler and service asks.

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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role

if TYPE_CHECKING:
    from dragoman.accounts.models import User
    from dragoman.linguists.models import LinguistProfile
    from dragoman.orgs.models import Membership, Organisation


@dataclass(frozen=True)
class Actor:
    """What a user is, as far as permissions go: computed once per request."""

    user_id: int | None
    is_authenticated: bool
    is_staff: bool
    organisation_id: int | None
    organisation_kind: str | None
    role: str | None
    is_linguist: bool
    membership_pending: bool

    @property
    def kind(self) -> str:
        """A single word for dashboards and tests: staff, partner_manager, client_manager…"""
        if not self.is_authenticated:
            return "anonymous"
        if self.is_staff:
            return "staff"
        if self.organisation_kind == OrganisationKind.PARTNER:
            return f"partner_{self.role}"
        if self.organisation_kind == OrganisationKind.CLIENT:
            return f"client_{self.role}"
        if self.is_linguist:
            return "linguist"
        if self.membership_pending:
            return "pending"
        return "member"

    def is_client(self, *roles: str) -> bool:
        return self.organisation_kind == OrganisationKind.CLIENT and (
            not roles or self.role in roles
        )

    def is_partner_manager(self) -> bool:
        return self.organisation_kind == OrganisationKind.PARTNER and self.role == Role.MANAGER


ANONYMOUS = Actor(None, False, False, None, None, None, False, False)


def actor_for(user: Any) -> Actor:
    """The user's Actor, cached on the user object (one query per request at most)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_dragoman_actor", None)
    if cached is not None:
        return cached
    from dragoman.linguists.models import LinguistProfile
    from dragoman.orgs.models import Membership

    membership = (
        Membership.objects.filter(user_id=user.pk)
        .exclude(status=MembershipStatus.REMOVED)
        .select_related("organisation")
        .only("status", "role", "organisation__id", "organisation__kind", "organisation__is_active")
        .first()
    )
    active = (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.organisation.is_active
    )
    is_operator = active and membership.organisation.kind == OrganisationKind.OPERATOR
    actor = Actor(
        user_id=user.pk,
        is_authenticated=True,
        is_staff=bool(user.is_staff or is_operator),
        organisation_id=membership.organisation.id if active else None,
        organisation_kind=membership.organisation.kind if active else None,
        role=membership.role if active else None,
        # Contacts are never linguists (linguist_profile_create refuses them), so the second
        # query is needed only for people without a membership.
        is_linguist=membership is None and LinguistProfile.objects.filter(user_id=user.pk).exists(),
        membership_pending=membership is not None and membership.status == MembershipStatus.PENDING,
    )
    user._dragoman_actor = actor
    return actor


def forget_actor(user: Any) -> None:
    """Drop the cached Actor after a change of role or membership."""
    if hasattr(user, "_dragoman_actor"):
        del user._dragoman_actor


# --- Organisations ----------------------------------------------------------------------------


def organisations_visible_q(actor: Actor) -> Q | None:
    """A filter on Organisation for what the actor may see; None means everything."""
    if actor.is_staff:
        return None
    if actor.organisation_id is None:
        return Q(pk__in=[])
    if actor.is_partner_manager():
        return Q(pk=actor.organisation_id) | Q(partner_id=actor.organisation_id)
    return Q(pk=actor.organisation_id)


def filter_organisations(actor: Actor, queryset: QuerySet[Organisation]) -> QuerySet:
    condition = organisations_visible_q(actor)
    return queryset if condition is None else queryset.filter(condition)


def can_view_organisation(actor: Actor, organisation: Organisation) -> bool:
    if actor.is_staff:
        return True
    if actor.organisation_id is None:
        return False
    if organisation.pk == actor.organisation_id:
        return True
    return actor.is_partner_manager() and organisation.partner_id == actor.organisation_id


def can_create_organisation(actor: Actor) -> bool:
    return actor.is_staff


def can_edit_organisation(actor: Actor, organisation: Organisation) -> bool:
    """Staff edit any organisation; a manager edits their own organisation's details."""
    if actor.is_staff:
        return True
    return organisation.pk == actor.organisation_id and actor.role == Role.MANAGER


def can_view_contacts(actor: Actor, organisation: Organisation) -> bool:
    if actor.is_staff:
        return True
    if organisation.pk == actor.organisation_id:
        return actor.role == Role.MANAGER
    return actor.is_partner_manager() and organisation.partner_id == actor.organisation_id


def can_manage_contacts(actor: Actor, organisation: Organisation) -> bool:
    """Add, edit, change roles, remove, approve registrations, set allowed services."""
    if actor.is_staff:
        return True
    return organisation.pk == actor.organisation_id and actor.role == Role.MANAGER


def can_manage_membership(actor: Actor, membership: Membership) -> bool:
    return can_manage_contacts(actor, membership.organisation)


def can_view_audit_log(actor: Actor, organisation: Organisation) -> bool:
    return can_manage_contacts(actor, organisation)


# --- Linguists --------------------------------------------------------------------------------


def can_list_linguists(actor: Actor) -> bool:
    """Staff list linguists; a linguist sees their own profile; clients never see identities."""
    return actor.is_staff or actor.is_linguist


def filter_linguists(actor: Actor, queryset: QuerySet[LinguistProfile]) -> QuerySet:
    if actor.is_staff:
        return queryset
    if actor.is_linguist:
        return queryset.filter(user_id=actor.user_id)
    return queryset.none()


def can_edit_linguist_profile(actor: Actor, profile: LinguistProfile) -> bool:
    return actor.is_staff or profile.user_id == actor.user_id


def can_edit_reference_data(actor: Actor) -> bool:
    return actor.is_staff


def can_use_mfa(user: User) -> bool:
    """Two-factor log-in is offered to everybody and recommended to staff and managers."""
    return actor_for(user).is_authenticated


def should_use_mfa(user: User) -> bool:
    actor = actor_for(user)
    return actor.is_staff or actor.role == Role.MANAGER


# --- Orders -----------------------------------------------------------------------------------


def filter_orders(actor: Actor, queryset: QuerySet) -> QuerySet:
    """Staff see every order; a client manager or observer their organisation's; a requester
    the orders they started; a partner manager those of the clients it brought."""
    if actor.is_staff:
        return queryset
    if actor.is_client(Role.MANAGER, Role.OBSERVER):
        return queryset.filter(organisation_id=actor.organisation_id)
    if actor.is_client(Role.REQUESTER):
        return queryset.filter(organisation_id=actor.organisation_id, requester_id=actor.user_id)
    if actor.is_partner_manager():
        return queryset.filter(organisation__partner_id=actor.organisation_id)
    if actor.is_linguist:
        return queryset.filter(linguist__user_id=actor.user_id)
    return queryset.none()


def can_create_order(actor: Actor) -> bool:
    return actor.is_client(Role.REQUESTER, Role.MANAGER)


def order_parties(actor: Actor, order: Any) -> set[str]:
    """The parties of the state machine the actor acts as for this order."""
    from dragoman.orders.enums import Party

    parties: set[str] = set()
    if actor.is_staff:
        parties.add(Party.STAFF)
    # The requester acts on their request only while they are still a requester or a
    # manager: a contact made observer keeps seeing it but no longer changes it.
    if actor.organisation_id == order.organisation_id and (
        (order.requester_id == actor.user_id and actor.is_client(Role.REQUESTER))
        or actor.is_client(Role.MANAGER)
    ):
        parties.add(Party.OWNER)
    if actor.is_partner_manager() and order.organisation.partner_id == actor.organisation_id:
        parties.add(Party.PARTNER)
    if actor.is_linguist and order.linguist_id and order.linguist.user_id == actor.user_id:
        parties.add(Party.LINGUIST)
    return parties
