"""Changes to organisations and their contacts (memoQ customer-portal seed, PRODUCT.md §1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragoman.accounts.models import User
from dragoman.accounts.services import invitation_create
from dragoman.catalog.models import Service
from dragoman.core import audit, openwork
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed, from_django_validation
from dragoman.core.permissions import actor_for, forget_actor
from dragoman.orgs.enums import ROLES_BY_KIND, MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation, sort_name_for
from dragoman.orgs.notify import registration_notify
from dragoman.orgs.permissions import (
    can_create_organisation,
    can_edit_organisation,
    can_manage_contacts,
)

ORGANISATION_FIELDS = (
    "name",
    "country",
    "city",
    "website",
    "email",
    "is_active",
    "accepts_registrations",
)


def _wipe_credentials(user: User) -> None:
    """Whoever held this account before must not keep a way in once a manager re-adds it.

    A rejected registration may have been somebody else typing this address: their
    password, tokens, two-factor devices and unconfirmed addresses all go, and changing the
    password ends their sessions. The invitation e-mail proves the address again.
    """
    user.set_unusable_password()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()


def _check_role(organisation: Organisation, role: str) -> None:
    allowed = ROLES_BY_KIND[organisation.kind]
    if role not in allowed:
        names = ", ".join(str(Role(r).label) for r in allowed)
        raise ValidationFailed(
            _("This role does not exist in this organisation. Choose one of: %(roles)s.")
            % {"roles": names},
            code="invalid_role",
            fields={"role": [_("Choose one of: %(roles)s.") % {"roles": names}]},
        )


def _check_channel(*, phone: Any, mobile: Any, other_contact: str) -> None:
    if not (phone or mobile or (other_contact or "").strip()):
        message = _(
            "Enter at least one other way to reach this person besides e-mail: phone, mobile "
            "or another handle (Skype, Signal, Telegram…)."
        )
        raise ValidationFailed(
            message,
            code="contact_channel_required",
            fields={"phone": [message]},
        )


def _check_services(organisation: Organisation, services: Iterable[Service]) -> list[Service]:
    services = list(services)
    inactive = [s for s in services if not s.is_active]
    if inactive:
        raise ValidationFailed(
            _("These services are not offered: %(names)s.")
            % {"names": ", ".join(str(s) for s in inactive)},
            fields={"allowed_services": [_("Not offered.")]},
        )
    return services


def _managers_left(organisation: Organisation, excluding: Membership) -> int:
    """Active managers besides ``excluding``. Every manager row is locked in one order, so
    that two managers demoting each other at once wait for each other instead of both
    leaving the organisation without a manager."""
    managers = list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.MANAGER, status=MembershipStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return len([pk for pk in managers if pk != excluding.pk])


def _check_unique_name(organisation: Organisation) -> None:
    organisation.name = (organisation.name or "").strip()
    clash = Organisation.objects.filter(name__iexact=organisation.name, kind=organisation.kind)
    if clash.exclude(pk=organisation.pk).exists():
        raise Conflict(
            _("An organisation named “%(name)s” already exists.") % {"name": organisation.name},
            code="duplicate_organisation",
            fields={"name": [_("Already taken.")]},
        )


@transaction.atomic
def organisation_create(
    *,
    by: User,
    kind: str,
    name: str,
    partner: Organisation | None = None,
    **fields: Any,
) -> Organisation:
    if not can_create_organisation(actor_for(by)):
        raise Forbidden(_("Only platform staff create organisations."))
    if kind not in OrganisationKind.values:
        raise ValidationFailed(_("Unknown kind of organisation."), fields={"kind": [kind]})
    if partner is not None and (kind != OrganisationKind.CLIENT or partner.kind != "partner"):
        raise ValidationFailed(
            _("Only a client organisation can belong to a partner agency."),
            fields={"partner": [_("Not a partner agency.")]},
        )
    organisation = Organisation(kind=kind, name=(name or "").strip(), partner=partner, **fields)
    _check_unique_name(organisation)
    try:
        organisation.full_clean()
    except ValidationError as exc:
        raise from_django_validation(exc) from exc
    organisation.save()
    audit.record(
        actor=by,
        action="organisation.created",
        target=organisation,
        organisation=organisation,
        changes={"kind": kind, "name": organisation.name},
    )
    return organisation


@transaction.atomic
def organisation_update(*, by: User, organisation: Organisation, **fields: Any) -> Organisation:
    actor = actor_for(by)
    if not can_edit_organisation(actor, organisation):
        raise Forbidden(_("You may not edit this organisation."))
    if not actor.is_staff and ({"is_active"} & set(fields)):
        raise Forbidden(_("Only platform staff deactivate organisations."))
    before = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise ValidationFailed(_("Unknown field: %(name)s.") % {"name": name})
        if value is None and name in ("is_active", "accepts_registrations"):
            raise ValidationFailed(
                _("Say yes or no."), fields={name: [_("Must be true or false.")]}
            )
        setattr(organisation, name, "" if value is None else value)
    _check_unique_name(organisation)
    try:
        organisation.full_clean()
    except ValidationError as exc:
        raise from_django_validation(exc) from exc
    organisation.save()
    changes = audit.diff(before, {n: getattr(organisation, n) for n in ORGANISATION_FIELDS})
    if changes:
        audit.record(
            actor=by,
            action="organisation.updated",
            target=organisation,
            organisation=organisation,
            changes=changes,
        )
    return organisation


@transaction.atomic
def contact_create(
    *,
    by: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    phone: Any = "",
    mobile: Any = "",
    other_contact: str = "",
    job_title: str = "",
    language: str | None = None,
    allowed_services: Iterable[Service] = (),
) -> Membership:
    """Add a contact to an organisation and e-mail them an activation link.

    memoQ seed: full name, a valid e-mail, an existing client (never a new one typed in),
    a role, and at least one other channel (phone, mobile or another handle).
    """
    if not can_manage_contacts(actor_for(by), organisation):
        raise Forbidden(_("You may not add contacts to this organisation."))
    if not organisation.is_active:
        raise Conflict(_("This organisation is deactivated."), code="organisation_inactive")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Enter a valid e-mail address."),
            code="invalid_email",
            fields={"email": [_("Enter a valid e-mail address.")]},
        ) from exc
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationFailed(_("Full name is required."), fields={"full_name": [_("Required.")]})
    _check_role(organisation, role)
    _check_channel(phone=phone, mobile=mobile, other_contact=other_contact)
    services = _check_services(organisation, allowed_services)

    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        # A person removed earlier may be added again; anybody else keeps their account.
        reusable = (
            not user.is_staff
            and not hasattr(user, "linguist_profile")
            and not user.memberships.exclude(
                status__in=[MembershipStatus.REMOVED, MembershipStatus.REJECTED]
            ).exists()
        )
        if not reusable:
            raise Conflict(
                _("Somebody with the e-mail %(email)s already has an account.") % {"email": email},
                code="duplicate_email",
                fields={"email": [_("This e-mail is already in use.")]},
            )
        user.full_name = full_name
        user.phone, user.mobile, user.other_contact = phone or "", mobile or "", other_contact
        user.is_active = True
        _wipe_credentials(user)
    else:
        user = User(
            email=email,
            full_name=full_name,
            phone=phone or "",
            mobile=mobile or "",
            other_contact=other_contact,
            language=language or by.language,
            timezone=by.timezone,
        )
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise from_django_validation(exc) from exc
    user.save()
    # A returning person keeps their one membership row (and its history in the audit log).
    membership, _created = Membership.objects.update_or_create(
        user=user,
        defaults={
            "organisation": organisation,
            "role": role,
            "status": MembershipStatus.ACTIVE,
            "job_title": job_title,
            "sort_name": sort_name_for(user.full_name),
        },
    )
    membership.allowed_services.set(services)
    invitation_create(user=user, invited_by=by)
    audit.record(
        actor=by,
        action="contact.created",
        target=membership,
        organisation=organisation,
        changes={
            "email": email,
            "role": role,
            "allowed_services": sorted(s.code for s in services),
        },
    )
    return membership


CONTACT_USER_FIELDS = ("full_name", "phone", "mobile", "other_contact")


@transaction.atomic
def contact_update(
    *,
    by: User,
    membership: Membership,
    allowed_services: Iterable[Service] | None = None,
    **fields: Any,
) -> Membership:
    """Edit a contact's details, role or allowed services.

    An organisation keeps at least one active manager, so the last one cannot be demoted.
    """
    organisation = membership.organisation
    if not can_manage_contacts(actor_for(by), organisation):
        raise Forbidden(_("You may not change the contacts of this organisation."))
    user = membership.user
    before: dict[str, Any] = {n: getattr(user, n) for n in CONTACT_USER_FIELDS}
    before.update(role=membership.role, job_title=membership.job_title)
    before["allowed_services"] = sorted(s.code for s in membership.allowed_services.all())

    role = fields.pop("role", None)
    job_title = fields.pop("job_title", None)
    for name, value in fields.items():
        if name not in CONTACT_USER_FIELDS:
            raise ValidationFailed(_("Unknown field: %(name)s.") % {"name": name})
        setattr(user, name, value if value is not None else "")
    if not user.full_name.strip():
        raise ValidationFailed(_("Full name is required."), fields={"full_name": [_("Required.")]})
    _check_channel(phone=user.phone, mobile=user.mobile, other_contact=user.other_contact)
    if role is not None and role != membership.role:
        _check_role(organisation, role)
        if membership.role == Role.MANAGER and _managers_left(organisation, membership) == 0:
            raise Conflict(
                _(
                    "%(name)s is the organisation's only manager. Make another contact a "
                    "manager first."
                )
                % {"name": user.full_name},
                code="last_manager",
            )
        membership.role = role
    if job_title is not None:
        membership.job_title = job_title
    membership.sort_name = sort_name_for(user.full_name)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise from_django_validation(exc) from exc
    user.save()
    membership.save()
    if allowed_services is not None:
        membership.allowed_services.set(_check_services(organisation, allowed_services))
    forget_actor(user)

    after: dict[str, Any] = {n: getattr(user, n) for n in CONTACT_USER_FIELDS}
    after.update(role=membership.role, job_title=membership.job_title)
    after["allowed_services"] = sorted(s.code for s in membership.allowed_services.all())
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor=by,
            action="contact.role_changed" if "role" in changes else "contact.updated",
            target=membership,
            organisation=organisation,
            changes=changes,
        )
    return membership


@transaction.atomic
def contact_remove(*, by: User, membership: Membership) -> Membership:
    """Remove a contact: they can no longer log in; their history stays.

    Refused while they still own open work (memoQ: "assign the work of one contact to
    another" comes first) and for the organisation's last manager.
    """
    organisation = membership.organisation
    if not can_manage_contacts(actor_for(by), organisation):
        raise Forbidden(_("You may not remove contacts of this organisation."))
    if membership.status == MembershipStatus.REMOVED:
        raise Conflict(_("This contact has already been removed."), code="already_removed")
    user = membership.user
    open_items = openwork.open_work(user)
    if open_items:
        total = sum(open_items.values())
        raise Conflict(
            ngettext(
                "%(name)s still owns %(count)d open item (a request or ticket). Reassign it "
                "to another contact before removing %(name)s.",
                "%(name)s still owns %(count)d open items (requests or tickets). Reassign "
                "them to another contact before removing %(name)s.",
                total,
            )
            % {"name": user.full_name, "count": total},
            code="open_work",
            fields={"open_work": [f"{k}: {v}" for k, v in sorted(open_items.items())]},
        )
    if (
        membership.role == Role.MANAGER
        and membership.status == MembershipStatus.ACTIVE
        and _managers_left(organisation, membership) == 0
    ):
        raise Conflict(
            _("%(name)s is the organisation's only manager and cannot be removed.")
            % {"name": user.full_name},
            code="last_manager",
        )
    membership.status = MembershipStatus.REMOVED
    membership.save(update_fields=["status", "updated_at"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=membership.updated_at)
    # An activation link still in their mailbox must not bring the account back.
    user.invitations.filter(accepted_at__isnull=True).update(expires_at=membership.updated_at)
    forget_actor(user)
    audit.record(
        actor=by,
        action="contact.removed",
        target=membership,
        organisation=organisation,
        changes={"email": user.email},
    )
    return membership


@transaction.atomic
def registration_request(
    *, user: User, organisation: Organisation, role: str = Role.REQUESTER
) -> Membership:
    """Somebody registers to an existing client organisation; a manager approves it later."""
    if organisation.kind != OrganisationKind.CLIENT or not organisation.is_active:
        raise ValidationFailed(
            _("Choose an existing client organisation."), fields={"organisation": [_("Invalid.")]}
        )
    if not organisation.accepts_registrations:
        raise ValidationFailed(
            _("%(name)s does not accept registrations. Ask its manager to add you.")
            % {"name": organisation.name},
            fields={"organisation": [_("Closed to registration.")]},
        )
    if user.memberships.exists():
        raise Conflict(_("You already belong to an organisation."), code="already_member")
    _check_channel(phone=user.phone, mobile=user.mobile, other_contact=user.other_contact)
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        status=MembershipStatus.PENDING,
        sort_name=sort_name_for(user.full_name),
    )
    audit.record(
        actor=user,
        action="contact.registered",
        target=membership,
        organisation=organisation,
        changes={"email": user.email},
    )
    if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        _notify_managers(membership)
    return membership


def _notify_managers(membership: Membership) -> None:
    registration_notify(membership=membership)


def registration_email_confirmed(*, user: User) -> None:
    """A self-registered person confirmed their address: now the managers hear of them.

    Until then a registration may be somebody typing a colleague's address, so nobody is
    asked to approve it.
    """
    membership = user.memberships.filter(status=MembershipStatus.PENDING).first()
    if membership is not None:
        _notify_managers(membership)


@transaction.atomic
def registration_approve(
    *, by: User, membership: Membership, role: str | None = None
) -> Membership:
    if not can_manage_contacts(actor_for(by), membership.organisation):
        raise Forbidden(_("You may not approve registrations for this organisation."))
    if membership.status != MembershipStatus.PENDING:
        raise Conflict(_("This registration is not waiting for approval."), code="not_pending")
    if role:
        _check_role(membership.organisation, role)
        membership.role = role
    membership.status = MembershipStatus.ACTIVE
    membership.save(update_fields=["status", "role", "updated_at"])
    forget_actor(membership.user)
    audit.record(
        actor=by,
        action="contact.approved",
        target=membership,
        organisation=membership.organisation,
        changes={"role": membership.role},
    )
    return membership


@transaction.atomic
def registration_reject(*, by: User, membership: Membership, reason: str = "") -> Membership:
    if not can_manage_contacts(actor_for(by), membership.organisation):
        raise Forbidden(_("You may not reject registrations for this organisation."))
    if membership.status != MembershipStatus.PENDING:
        raise Conflict(_("This registration is not waiting for approval."), code="not_pending")
    membership.status = MembershipStatus.REJECTED
    membership.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=by,
        action="contact.rejected",
        target=membership,
        organisation=membership.organisation,
        changes={"reason": reason},
    )
    return membership


@transaction.atomic
def contact_resend_invitation(*, by: User, membership: Membership) -> None:
    if not can_manage_contacts(actor_for(by), membership.organisation):
        raise Forbidden(_("You may not send invitations for this organisation."))
    if membership.user.has_usable_password():
        raise Conflict(
            _("%(name)s has already activated their account.")
            % {"name": membership.user.full_name},
            code="already_active",
        )
    invitation_create(user=membership.user, invited_by=by)
    audit.record(
        actor=by,
        action="contact.invited",
        target=membership,
        organisation=membership.organisation,
    )


def contact_sort_names_refresh(*, user: User) -> None:
    """Keep the sortable copy of a person's name on their membership in step (an
    ``accounts.hooks`` "name_changed" hook)."""
    Membership.objects.filter(user=user).update(sort_name=sort_name_for(user.full_name))
