"""Reads of organisations and contacts that check the reader's rights."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.core.errors import Forbidden, NotFound
from dragoman.core.permissions import (
    actor_for,
    can_manage_contacts,
    can_view_contacts,
    filter_organisations,
)
from dragoman.orgs.enums import MembershipStatus
from dragoman.orgs.models import Membership, Organisation


def _active_contacts() -> Count:
    return Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))


def organisation_list(
    *, user: User, kind: str | None = None, search: str | None = None
) -> QuerySet[Organisation]:
    queryset = filter_organisations(actor_for(user), Organisation.objects.all())
    if kind:
        queryset = queryset.filter(kind=kind)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(city__icontains=search))
    return (
        queryset.select_related("partner")
        .annotate(contact_count=_active_contacts())
        .order_by("name", "pk")
    )


def organisation_get_for_user(*, user: User, organisation_id: int) -> Organisation:
    """The organisation, or NotFound when it does not exist or the user may not see it."""
    organisation = (
        filter_organisations(actor_for(user), Organisation.objects.select_related("partner"))
        .annotate(contact_count=_active_contacts())
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


def contact_list(
    *,
    user: User,
    organisation: Organisation,
    search: str | None = None,
    role: str | None = None,
    status: str | None = None,
) -> QuerySet[Membership]:
    if not can_view_contacts(actor_for(user), organisation):
        raise Forbidden(_("You may not see the contacts of this organisation."))
    queryset = Membership.objects.filter(organisation=organisation).exclude(
        status=MembershipStatus.REMOVED
    )
    if status:
        queryset = queryset.filter(status=status)
    if role:
        queryset = queryset.filter(role=role)
    if search:
        queryset = queryset.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    return (
        queryset.select_related("user")
        .prefetch_related("allowed_services")
        .order_by("user__full_name", "pk")
    )


def contact_get_for_user(
    *, user: User, organisation: Organisation, contact_id: int, manage: bool = False
) -> Membership:
    """One contact; ``manage=True`` also requires the right to change it."""
    actor = actor_for(user)
    if not can_view_contacts(actor, organisation):
        raise Forbidden(_("You may not see the contacts of this organisation."))
    if manage and not can_manage_contacts(actor, organisation):
        raise Forbidden(_("You may not change the contacts of this organisation."))
    membership = (
        Membership.objects.filter(organisation=organisation, pk=contact_id)
        .exclude(status=MembershipStatus.REMOVED)
        .select_related("user", "organisation")
        .prefetch_related("allowed_services")
        .first()
    )
    if membership is None:
        raise NotFound(_("No such contact."))
    return membership


def pending_registration_count(*, organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.PENDING
    ).count()
