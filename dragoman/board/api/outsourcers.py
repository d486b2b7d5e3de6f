"""The reputation board in the REST API: outsourcers."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import User
from dragoman.board import selectors, services
from dragoman.board.api.builders import _outsourcer_out, _record_out, _staff_only, outsourcer_action
from dragoman.board.api.schemas import (
    PER_PAGE,
    OutsourcerFilters,
    OutsourcerIn,
    OutsourcerOut,
    OutsourcerPageOut,
    OutsourcerPatch,
    ReasonIn,
    RecordOut,
    VersionOut,
    outsourcers_router,
)
from dragoman.core.api import InputSchema
from dragoman.core.errors import NotFound
from dragoman.orgs.models import Organisation


@outsourcers_router.get(
    "", response=OutsourcerPageOut, summary="Search published outsourcers, 50 a page"
)
def outsourcer_list(
    request: AuthedHttpRequest, filters: Query[OutsourcerFilters], page: int = Query(1, ge=1)
):
    found = selectors.outsourcer_search_page(
        user=request.user,
        page=page,
        per_page=PER_PAGE,
        q=filters.q,
        country=filters.country,
        city=filters.city,
        sort=filters.sort,
    )
    return {
        "items": [_outsourcer_out(o, user=request.user) for o in found.object_list],
        "count": found.count,
        "count_is_exact": found.count_is_exact,
    }


@outsourcers_router.post(
    "",
    response={201: OutsourcerOut},
    summary="Add an outsourcer (any registered user); it shows once staff vet it",
)
def outsourcer_create(request: AuthedHttpRequest, payload: OutsourcerIn):
    outsourcer = services.outsourcer_create(by=request.user, **payload.model_dump())
    return Status(201, _outsourcer_out(outsourcer, user=request.user))


@outsourcers_router.get(
    "/{int:outsourcer_id}",
    response=RecordOut,
    summary="An outsourcer's record: contact data, average and entries",
)
def outsourcer_detail(request: AuthedHttpRequest, outsourcer_id: int):
    return _record_out(request, outsourcer_id)


@outsourcers_router.patch(
    "/{int:outsourcer_id}",
    response=OutsourcerOut,
    summary="Change contact data (staff); the earlier data is kept as a version",
)
def outsourcer_update(request: AuthedHttpRequest, outsourcer_id: int, payload: OutsourcerPatch):
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return outsourcer_action(request, outsourcer_id, services.outsourcer_update, **changes)


@outsourcers_router.get(
    "/{int:outsourcer_id}/versions",
    response=list[VersionOut],
    summary="Earlier contact data, newest first (who may see it is a setting)",
)
def outsourcer_versions(request: AuthedHttpRequest, outsourcer_id: int):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    return [
        {
            "number": v.number,
            "name": v.name,
            "country": str(v.country or ""),
            "city": v.city,
            "website": v.website,
            "emails": v.emails,
            "phones": v.phones,
            "created_at": v.created_at,
        }
        for v in selectors.contact_history(user=request.user, outsourcer=outsourcer)
    ]


class AffiliationIn(InputSchema):
    user_id: StrictInt | None = None
    organisation_id: StrictInt | None = None


class AffiliationOut(Schema):
    id: int
    user_id: int | None
    organisation_id: int | None


@outsourcers_router.get(
    "/{int:outsourcer_id}/affiliations",
    response=list[AffiliationOut],
    summary="Who speaks for the outsourcer (staff)",
)
def affiliation_list(request: AuthedHttpRequest, outsourcer_id: int):
    _staff_only(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    return list(outsourcer.affiliations.order_by("id"))


@outsourcers_router.post(
    "/{int:outsourcer_id}/affiliations",
    response={201: AffiliationOut},
    summary="Affiliate a user or an organisation with the outsourcer (staff)",
)
def affiliation_add(request: AuthedHttpRequest, outsourcer_id: int, payload: AffiliationIn):
    _staff_only(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    user = User.objects.filter(pk=payload.user_id).first() if payload.user_id else None
    organisation = (
        Organisation.objects.filter(pk=payload.organisation_id).first()
        if payload.organisation_id
        else None
    )
    if (payload.user_id and user is None) or (payload.organisation_id and organisation is None):
        raise NotFound(_("No such user or organisation."))
    affiliation = services.affiliation_add(
        by=request.user, outsourcer=outsourcer, user=user, organisation=organisation
    )
    return Status(201, affiliation)


@outsourcers_router.delete(
    "/{int:outsourcer_id}/affiliations/{int:affiliation_id}",
    response={204: None},
    summary="Remove an affiliation (staff)",
)
def affiliation_remove(request: AuthedHttpRequest, outsourcer_id: int, affiliation_id: int):
    _staff_only(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    affiliation = outsourcer.affiliations.filter(pk=affiliation_id).first()
    if affiliation is None:
        raise NotFound(_("No such affiliation."))
    services.affiliation_remove(by=request.user, affiliation=affiliation)
    return Status(204, None)


@outsourcers_router.post(
    "/{int:outsourcer_id}/affiliations/report",
    response={202: None},
    summary="Tell staff you are wrongly shown as speaking for the outsourcer",
)
def affiliation_report(request: AuthedHttpRequest, outsourcer_id: int, payload: ReasonIn):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    services.affiliation_report(by=request.user, outsourcer=outsourcer, reason=payload.reason)
    return Status(202, None)


class WatchOut(Schema):
    watching: bool


@outsourcers_router.get(
    "/{int:outsourcer_id}/watch",
    response=WatchOut,
    summary="Do you watch it?",
)
def watch_state(request: AuthedHttpRequest, outsourcer_id: int):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    return {"watching": outsourcer.watches.filter(user_id=request.user.pk).exists()}


@outsourcers_router.post(
    "/{int:outsourcer_id}/watch",
    response=WatchOut,
    summary="Watch an outsourcer: a notification for each new published entry",
)
def watch_start(request: AuthedHttpRequest, outsourcer_id: int):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    services.watch_start(by=request.user, outsourcer=outsourcer)
    return {"watching": True}


@outsourcers_router.delete("/{int:outsourcer_id}/watch", response=WatchOut, summary="Stop watching")
def watch_stop(request: AuthedHttpRequest, outsourcer_id: int):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    services.watch_stop(user_id=request.user.pk, outsourcer_id=outsourcer.pk)
    return {"watching": False}


class EntryRequestIn(InputSchema):
    message: str = Field("", max_length=2000)


class ProvidersRequestIn(EntryRequestIn):
    emails: list[str] = Field(min_length=1, max_length=50)


class EntryRequestOut(Schema):
    id: int
    outsourcer_id: int
    message: str
    created_at: datetime


@outsourcers_router.post(
    "/{int:outsourcer_id}/entry-requests",
    response={201: EntryRequestOut},
    summary="Ask others for entries (5 a day, once a month per outsourcer; no withdrawal)",
)
def entry_request_create(request: AuthedHttpRequest, outsourcer_id: int, payload: EntryRequestIn):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    item = services.entry_request_create(
        by=request.user, outsourcer=outsourcer, message=payload.message
    )
    return Status(201, item)


@outsourcers_router.post(
    "/{int:outsourcer_id}/entry-requests/providers",
    response={201: None},
    summary="The outsourcer asks its providers for entries (never says who matched)",
)
def entry_request_providers(
    request: AuthedHttpRequest, outsourcer_id: int, payload: ProvidersRequestIn
):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    services.entry_request_to_providers(
        by=request.user, outsourcer=outsourcer, emails=payload.emails, message=payload.message
    )
    return Status(201, None)
