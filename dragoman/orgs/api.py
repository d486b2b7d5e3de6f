from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field, StrictBool, StrictInt, field_validator

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Service
from dragoman.core.api import ApiRouter, InputSchema, clean_phone
from dragoman.core.errors import ValidationFailed
from dragoman.orgs import selectors, services
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation

router = ApiRouter(tags=["organisations"])
CONTACTS_PER_PAGE = 50


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    name: str
    country: str
    city: str
    website: str
    email: str
    partner_id: int | None
    is_active: bool
    accepts_registrations: bool
    contact_count: int = 0

    @staticmethod
    def resolve_country(obj: Organisation) -> str:
        return str(obj.country or "")


class OrganisationIn(InputSchema):
    kind: OrganisationKind
    name: str = Field(min_length=1, max_length=200)
    country: str = ""
    city: str = ""
    website: str = ""
    email: str = ""
    partner_id: StrictInt | None = None
    accepts_registrations: StrictBool = True


class OrganisationPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    country: str | None = None
    city: str | None = None
    website: str | None = None
    email: str | None = None
    is_active: StrictBool | None = None
    accepts_registrations: StrictBool | None = None


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
    q: str | None = Field(None, description="Part of the name or city")


class ContactOut(Schema):
    id: int
    user_id: int
    full_name: str
    email: str
    phone: str
    mobile: str
    other_contact: str
    role: Role
    status: MembershipStatus
    job_title: str
    allowed_services: list[str]
    activated: bool
    created_at: datetime


class ContactPageOut(Schema):
    items: list[ContactOut]
    count: int


class ContactIn(InputSchema):
    email: str = Field(max_length=254)
    full_name: str = Field(min_length=1, max_length=200)
    role: Role
    phone: str = ""
    mobile: str = ""
    other_contact: str = Field("", max_length=200)
    job_title: str = Field("", max_length=120)
    language: str | None = None
    allowed_services: list[str] = Field(default_factory=list, description="Service codes")

    @field_validator("phone", "mobile")
    @classmethod
    def _phone(cls, value: str) -> str:
        return clean_phone(value)


class ContactPatch(InputSchema):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    role: Role | None = None
    phone: str | None = None
    mobile: str | None = None
    other_contact: str | None = Field(None, max_length=200)
    job_title: str | None = Field(None, max_length=120)
    allowed_services: list[str] | None = None

    @field_validator("phone", "mobile")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else clean_phone(value)


class ContactFilters(Schema):
    q: str | None = Field(None, description="Part of the name or e-mail")
    role: Role | None = None
    status: MembershipStatus | None = None


class ApproveIn(InputSchema):
    role: Role | None = None


class RejectIn(InputSchema):
    reason: str = Field("", max_length=500)


def _services_by_code(codes: list[str]) -> list[Service]:
    wanted = list(dict.fromkeys(codes))
    found = list(Service.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {s.code for s in found})
    if missing:
        raise ValidationFailed(
            _("Unknown services: %(values)s.") % {"values": ", ".join(missing)},
            fields={"allowed_services": missing},
        )
    return found


@router.get("", response=list[OrganisationOut], summary="Organisations you may see")
@paginate(PageNumberPagination, page_size=50)
def organisation_list(request: AuthedHttpRequest, filters: Query[OrganisationFilters]):
    return selectors.organisation_list(user=request.user, kind=filters.kind, search=filters.q)


@router.post(
    "",
    response={201: OrganisationOut},
    summary="Create an organisation (staff)",
)
def organisation_create(request: AuthedHttpRequest, payload: OrganisationIn):
    data = payload.model_dump()
    partner_id = data.pop("partner_id")
    partner = (
        selectors.organisation_get_for_user(user=request.user, organisation_id=partner_id)
        if partner_id
        else None
    )
    organisation = services.organisation_create(by=request.user, partner=partner, **data)
    return Status(
        201,
        selectors.organisation_get_for_user(
            user=request.user, organisation_id=organisation.pk, with_counts=True
        ),
    )


@router.get(
    "/{int:organisation_id}",
    response=OrganisationOut,
    summary="One organisation",
)
def organisation_detail(request: AuthedHttpRequest, organisation_id: int):
    return selectors.organisation_get_for_user(
        user=request.user, organisation_id=organisation_id, with_counts=True
    )


@router.patch(
    "/{int:organisation_id}",
    response=OrganisationOut,
    summary="Change an organisation's details",
)
def organisation_update(
    request: AuthedHttpRequest, organisation_id: int, payload: OrganisationPatch
):
    organisation = selectors.organisation_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    services.organisation_update(
        by=request.user, organisation=organisation, **payload.model_dump(exclude_unset=True)
    )
    return selectors.organisation_get_for_user(
        user=request.user, organisation_id=organisation_id, with_counts=True
    )


@router.get(
    "/{int:organisation_id}/contacts",
    response=ContactPageOut,
    summary="Contacts of an organisation, 50 a page",
)
def contact_list(
    request: AuthedHttpRequest,
    organisation_id: int,
    filters: Query[ContactFilters],
    page: int = Query(1, ge=1),
):
    organisation = selectors.organisation_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    rows = selectors.contact_list(
        user=request.user,
        organisation=organisation,
        search=filters.q,
        role=filters.role,
        status=filters.status,
    )
    items = rows[(page - 1) * CONTACTS_PER_PAGE : page * CONTACTS_PER_PAGE]
    return {"items": items, "count": rows.count()}


@router.post(
    "/{int:organisation_id}/contacts",
    response={201: ContactOut},
    summary="Add a contact; they receive an activation e-mail",
)
def contact_create(request: AuthedHttpRequest, organisation_id: int, payload: ContactIn):
    organisation = selectors.organisation_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    data = payload.model_dump()
    data["allowed_services"] = _services_by_code(data.pop("allowed_services"))
    membership = services.contact_create(by=request.user, organisation=organisation, **data)
    return Status(201, _row(membership))


def _row(membership: Membership) -> dict:
    """One contact in the same shape as the list's rows."""
    return selectors.ContactRows(Membership.objects.filter(pk=membership.pk))[0:1][0]


def _contact(
    request: AuthedHttpRequest, organisation_id: int, contact_id: int, manage: bool
) -> Membership:
    organisation = selectors.organisation_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    return selectors.contact_get_for_user(
        user=request.user, organisation=organisation, contact_id=contact_id, manage=manage
    )


@router.get(
    "/{int:organisation_id}/contacts/{int:contact_id}",
    response=ContactOut,
    summary="One contact",
)
def contact_detail(request: AuthedHttpRequest, organisation_id: int, contact_id: int):
    return _row(_contact(request, organisation_id, contact_id, manage=False))


@router.patch(
    "/{int:organisation_id}/contacts/{int:contact_id}",
    response=ContactOut,
    summary="Edit a contact, change their role or allowed services",
)
def contact_update(
    request: AuthedHttpRequest, organisation_id: int, contact_id: int, payload: ContactPatch
):
    membership = _contact(request, organisation_id, contact_id, manage=True)
    data = payload.model_dump(exclude_unset=True)
    if "allowed_services" in data:
        data["allowed_services"] = _services_by_code(data["allowed_services"] or [])
    services.contact_update(by=request.user, membership=membership, **data)
    return _row(_contact(request, organisation_id, contact_id, manage=False))


@router.delete(
    "/{int:organisation_id}/contacts/{int:contact_id}",
    response={204: None},
    summary="Remove a contact (refused while they own open work)",
)
def contact_remove(request: AuthedHttpRequest, organisation_id: int, contact_id: int):
    membership = _contact(request, organisation_id, contact_id, manage=True)
    services.contact_remove(by=request.user, membership=membership)
    return Status(204, None)


@router.post(
    "/{int:organisation_id}/contacts/{int:contact_id}/approve",
    response=ContactOut,
    summary="Approve a self-registration",
)
def contact_approve(
    request: AuthedHttpRequest,
    organisation_id: int,
    contact_id: int,
    payload: ApproveIn | None = None,
):
    membership = _contact(request, organisation_id, contact_id, manage=True)
    role = payload.role if payload else None
    services.registration_approve(by=request.user, membership=membership, role=role)
    return _row(membership)


@router.post(
    "/{int:organisation_id}/contacts/{int:contact_id}/reject",
    response=ContactOut,
    summary="Reject a self-registration",
)
def contact_reject(
    request: AuthedHttpRequest,
    organisation_id: int,
    contact_id: int,
    payload: RejectIn | None = None,
):
    membership = _contact(request, organisation_id, contact_id, manage=True)
    reason = payload.reason if payload else ""
    services.registration_reject(by=request.user, membership=membership, reason=reason)
    return _row(membership)


@router.post(
    "/{int:organisation_id}/contacts/{int:contact_id}/invite",
    response={204: None},
    summary="Send the activation e-mail again",
)
def contact_invite(request: AuthedHttpRequest, organisation_id: int, contact_id: int):
    membership = _contact(request, organisation_id, contact_id, manage=True)
    services.contact_resend_invitation(by=request.user, membership=membership)
    return Status(204, None)
