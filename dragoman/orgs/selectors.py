"""Reads of organisations and contacts that check the reader's rights."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.core.errors import Forbidden, NotFound
from dragoman.core.permissions import actor_for
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation
from dragoman.orgs.permissions import can_manage_contacts, can_view_contacts, filter_organisations


def staff_users() -> list[User]:
    """Everybody with platform staff's rights: staff accounts and active members of an
    active operator organisation (the same rule as ``Actor.is_staff``), active users only."""
    operator = Q(
        memberships__organisation__kind=OrganisationKind.OPERATOR,
        memberships__organisation__is_active=True,
        memberships__status=MembershipStatus.ACTIVE,
    )
    return list(User.objects.filter(Q(is_staff=True) | operator, is_active=True).distinct())


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


def organisation_get_for_user(
    *, user: User, organisation_id: int, with_counts: bool = False
) -> Organisation:
    """The organisation, or NotFound when it does not exist or the user may not see it.

    ``with_counts`` adds ``contact_count``: a count over all its members, so only where shown.
    """
    queryset = filter_organisations(actor_for(user), Organisation.objects.select_related("partner"))
    if with_counts:
        queryset = queryset.annotate(contact_count=_active_contacts())
    organisation = queryset.filter(pk=organisation_id).first()
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
) -> ContactRows:
    """The organisation's contacts in name order, as light rows read a page at a time."""
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
    return ContactRows(queryset.order_by("sort_name", "pk"))


class ContactRows:
    """A lazy sequence of contact rows for ``Paginator``: counts and slices cheaply.

    The page's ids are picked in a subquery that walks the (organisation, sort_name, id)
    index, so only those 50 rows are joined to their users, and they come back as plain
    values: no model objects, no phone-number parsing; the allowed services take one more
    query. Two queries a page, whatever the organisation's size.
    """

    def __init__(self, queryset: QuerySet[Membership]) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        if not isinstance(index, slice):
            raise TypeError("ContactRows only supports slices")
        page = self.queryset.values("pk")[index]
        rows: list[dict[str, Any]] = [
            dict(row)
            for row in Membership.objects.filter(pk__in=page)
            .order_by(*self.queryset.query.order_by)
            .values(
                "id",
                "user_id",
                "role",
                "status",
                "job_title",
                "created_at",
                full_name=F("user__full_name"),
                email=F("user__email"),
                other_contact=F("user__other_contact"),
                # As stored (E.164): parsing 100 numbers a page costs more than the query.
                phone=Cast("user__phone", output_field=CharField()),
                mobile=Cast("user__mobile", output_field=CharField()),
                activated=ExpressionWrapper(
                    ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
                    output_field=BooleanField(),
                ),
            )
        ]
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        services: dict[int, list[str]] = {pk: [] for pk in ids}
        through = Membership.allowed_services.through
        for membership_id, code in (
            through.objects.filter(membership_id__in=ids)
            .order_by("service__code")
            .values_list("membership_id", "service__code")
        ):
            services[membership_id].append(code)
        for row in rows:
            row["allowed_services"] = services[row["id"]]
            row["role_label"] = Role(row["role"]).label
            row["status_label"] = MembershipStatus(row["status"]).label
            row["phone"] = row["phone"] or ""
            row["mobile"] = row["mobile"] or ""
        return rows


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
