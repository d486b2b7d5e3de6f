"""Who may see and manage organisations and their contacts, and how a user's Actor is built
from their membership (registered with ``core.permissions`` in ``OrgsConfig.ready``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from dragoman.core.permissions import Actor, actor_for
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership

if TYPE_CHECKING:
    from dragoman.accounts.models import User
    from dragoman.orgs.models import Organisation


def build_actor(user: Any) -> Actor:
    """An active user's Actor from their membership (one query), or, for people without
    one, whether they are a linguist (a second). Registered with ``core.permissions``."""
    membership = (
        Membership.objects.filter(user_id=user.pk)
        .exclude(status=MembershipStatus.REMOVED)
        .select_related("organisation")
        .only("status", "role", "organisation__id", "organisation__kind", "organisation__is_active")
        .first()
    )
    pending = membership is not None and membership.status == MembershipStatus.PENDING
    # Rights come only from an active membership of an active organisation.
    active = (
        membership
        if membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.organisation.is_active
        else None
    )
    kind = active.organisation.kind if active else None
    actor = Actor(
        user_id=user.pk,
        is_authenticated=True,
        is_staff=bool(user.is_staff or kind == OrganisationKind.OPERATOR),
        organisation_id=active.organisation.pk if active else None,
        organisation_kind=kind,
        role=active.role if active else None,
        # Contacts are never linguists (linguist_profile_create refuses them), so the second
        # query is needed only for people without a membership; by the reverse relation,
        # since organisations do not build on linguists.
        is_linguist=membership is None
        and get_user_model().objects.filter(pk=user.pk, linguist_profile__isnull=False).exists(),
        membership_pending=pending,
        in_client=kind == OrganisationKind.CLIENT,
        in_partner=kind == OrganisationKind.PARTNER,
        is_manager=active is not None and active.role == Role.MANAGER,
    )
    return actor


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


def can_use_mfa(user: User) -> bool:
    """Two-factor log-in is offered to everybody and recommended to staff and managers."""
    return actor_for(user).is_authenticated


def should_use_mfa(user: User) -> bool:
    actor = actor_for(user)
    return actor.is_staff or actor.role == Role.MANAGER
