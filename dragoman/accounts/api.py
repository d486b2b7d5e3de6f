from datetime import datetime

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field, field_validator

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import ApiToken
from dragoman.accounts.services import (
    api_token_create,
    api_token_revoke,
    mfa_code_is_valid,
    user_update,
)
from dragoman.core.api import ApiRouter, ErrorOut, InputSchema, clean_phone
from dragoman.core.errors import DomainError
from dragoman.core.permissions import actor_for

router = ApiRouter(tags=["accounts"])


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"


class NotAuthenticated(DomainError):
    status = 401
    code = "invalid_credentials"


class TokenIn(InputSchema):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1)
    name: str = Field("API", max_length=100)
    code: str | None = Field(
        None,
        max_length=64,
        description="Two-factor code (authenticator app or recovery code), when enabled",
    )


class TokenOut(Schema):
    token: str
    id: int
    name: str


class ApiTokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class LinguistRef(Schema):
    id: int
    pseudonym: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    phone: str
    mobile: str
    other_contact: str
    language: str
    timezone: str
    kind: str = Field(
        description="staff, partner_manager, partner_member, client_manager, client_requester, "
        "client_observer, linguist, pending or member"
    )
    role: str | None
    is_staff: bool
    organisation: OrganisationRef | None
    membership_status: str | None
    linguist: LinguistRef | None


class MePatch(InputSchema):
    full_name: str | None = Field(None, max_length=200)
    phone: str | None = None
    mobile: str | None = None
    other_contact: str | None = Field(None, max_length=200)
    language: str | None = None
    timezone: str | None = None

    @field_validator("phone", "mobile")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else clean_phone(value)


def me_out(user) -> dict:
    actor = actor_for(user)
    membership = user.memberships.exclude(status="removed").select_related("organisation").first()
    linguist = getattr(user, "linguist_profile", None)
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "phone": str(user.phone or ""),
        "mobile": str(user.mobile or ""),
        "other_contact": user.other_contact,
        "language": user.language,
        "timezone": user.timezone,
        "kind": actor.kind,
        "role": actor.role,
        "is_staff": actor.is_staff,
        "organisation": membership.organisation if membership else None,
        "membership_status": membership.status if membership else None,
        "linguist": linguist,
    }


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="Exchange an e-mail and password for an API token",
)
def token_obtain(request: AuthedHttpRequest, payload: TokenIn):
    """Failed attempts count towards the same lock-out as the log-in page."""
    adapter = get_adapter(request)
    try:
        user = adapter.authenticate(request, email=payload.email, password=payload.password)
    except ValidationError as exc:
        raise TooManyAttempts(
            _("Too many failed log-in attempts. Try again later."), code="too_many_attempts"
        ) from exc
    if user is None or not user.is_active:
        raise NotAuthenticated(_("The e-mail address or the password is incorrect."))
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        # The log-in page asks for the confirmation first; the API must not be a way around it.
        raise NotAuthenticated(
            _("Confirm your e-mail address first: open the link we sent you."),
            code="email_unverified",
        )
    if is_mfa_enabled(user):
        # The API gives no easier way in than the log-in page: the second factor is asked too.
        if not payload.code:
            raise NotAuthenticated(
                _("This account uses two-factor log-in: send the code from your app as “code”."),
                code="mfa_required",
            )
        if not mfa_code_is_valid(user=user, code=payload.code):
            raise NotAuthenticated(_("The two-factor code is not valid."), code="mfa_invalid")
    token, secret = api_token_create(user=user, name=payload.name)
    return Status(201, {"token": secret, "id": token.pk, "name": token.name})


@router.get("/auth/tokens", response=list[ApiTokenOut], summary="Your API tokens")
def token_list(request: AuthedHttpRequest):
    return list(ApiToken.objects.filter(user=request.user))


@router.delete("/auth/tokens/{int:token_id}", response={204: None}, summary="Revoke a token")
def token_revoke(request: AuthedHttpRequest, token_id: int):
    api_token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)


@router.get("/me", response=MeOut, summary="Who you are")
def me(request: AuthedHttpRequest):
    return me_out(request.user)


@router.patch("/me", response=MeOut, summary="Change your own details")
def me_update(request: AuthedHttpRequest, payload: MePatch):
    user_update(user=request.user, by=request.user, **payload.model_dump(exclude_unset=True))
    return me_out(request.user)
