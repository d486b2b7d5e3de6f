"""Account changes: invitations, activation, API tokens, preferences."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dragoman.accounts import hooks
from dragoman.accounts.models import ApiToken, Invitation, User, hash_secret
from dragoman.core import audit
from dragoman.core.errors import NotFound, ValidationFailed, from_django_validation


def invitation_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('activate', args=[token])}"


def invitation_send(*, invitation_id: int) -> None:
    """Give the invitation a new secret link and e-mail it; does nothing once accepted."""
    invitation = Invitation.objects.select_related("user", "invited_by").get(pk=invitation_id)
    if invitation.accepted_at is not None or invitation.is_expired:
        return
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_secret(token))
    user = invitation.user
    membership = user.memberships.select_related("organisation").first()
    context = {
        "user": user,
        "invited_by": invitation.invited_by,
        "organisation": membership.organisation if membership else None,
        "url": invitation_url(token),
        "expires_at": invitation.expires_at,
        "days": settings.INVITATION_DAYS,
    }
    with translation.override(user.language), timezone.override(user.timezone):
        # One line: a line break in a name must not break the e-mail's headers.
        subject = " ".join(
            render_to_string("accounts/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def invitation_create(*, user: User, invited_by: User | None) -> Invitation:
    """Make an activation link for ``user``; the e-mail leaves from the task queue after commit.

    Earlier unused links of the same user stop working, so only the newest e-mail counts.
    """
    from dragoman.accounts.tasks import send_invitation_email

    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(expires_at=timezone.now())
    invitation = Invitation.objects.create(
        user=user,
        # Replaced by the real link's hash when the e-mail is sent; unguessable until then.
        token_hash=hash_secret(secrets.token_urlsafe(32)),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        invited_by=invited_by,
    )
    transaction.on_commit(lambda: send_invitation_email(invitation.pk))
    return invitation


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation behind a link, or a clear reason why the link no longer works."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=hash_secret(token)).first()
    )
    if invitation is None:
        raise NotFound(_("This activation link is not valid."), code="invitation_invalid")
    if invitation.accepted_at is not None:
        raise ValidationFailed(
            _("This activation link has already been used. Log in with your e-mail."),
            code="invitation_used",
        )
    if invitation.is_expired:
        raise ValidationFailed(
            _("This activation link has expired. Ask your manager to send a new one."),
            code="invitation_expired",
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Activate the account: set the chosen password and mark the e-mail as verified."""
    invitation = invitation_get_by_token(token=token)
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(
            " ".join(exc.messages), code="weak_password", fields={"password": exc.messages}
        ) from exc
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    audit.record(actor=user, action="account.activated", target=user)
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the secret is returned once and stored only as a hash."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name."), fields={"name": [_("Required.")]})
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=hash_secret(secret), hint=secret[:10]
    )
    audit.record(actor=user, action="api_token.created", target=token)
    return token, secret


def api_token_authenticate(*, secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Writing on every call would serialise API traffic on one row; once a minute is enough.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="api_token.revoked", target=token)
    return token


PREFERENCE_FIELDS = ("full_name", "phone", "mobile", "other_contact", "language", "timezone")


@transaction.atomic
def user_update(*, user: User, by: User, **fields: object) -> User:
    """Change a person's own details. Contacts must keep one channel besides e-mail."""
    before = {name: getattr(user, name) for name in PREFERENCE_FIELDS}
    for name, value in fields.items():
        if name not in PREFERENCE_FIELDS:
            raise ValidationFailed(_("Unknown field: %(name)s.") % {"name": name})
        setattr(user, name, "" if value is None else value)
    if not (user.full_name or "").strip():
        raise ValidationFailed(_("Full name is required."), fields={"full_name": [_("Required.")]})
    touches_channels = {"phone", "mobile", "other_contact"} & set(fields)
    if touches_channels and user.memberships.exists() and not user.has_other_channel:
        raise ValidationFailed(
            _(
                "Enter at least one other way to reach you besides e-mail: phone, mobile or "
                "another handle (Skype, Signal, Telegram…)."
            ),
            code="contact_channel_required",
            fields={"phone": [_("Phone, mobile or another handle is required.")]},
        )
    try:
        user.full_clean(exclude=["password", "email"])
    except ValidationError as exc:
        raise from_django_validation(exc) from exc
    user.save()
    if "full_name" in fields:
        hooks.run("name_changed", user=user)
    changes = audit.diff(before, {name: getattr(user, name) for name in PREFERENCE_FIELDS})
    if changes:
        audit.record(actor=by, action="user.updated", target=user, changes=changes)
    return user


def mfa_code_is_valid(*, user: User, code: str) -> bool:
    """A TOTP code or an unused recovery code of the user's (django-allauth MFA)."""
    code = code.strip().replace(" ", "")
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ):
        if authenticator.wrap().validate_code(code):
            return True
    return False
