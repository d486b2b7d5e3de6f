"""The reputation board in the REST API: wwa."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field, StrictBool, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.api.builders import _staff_only
from dragoman.board.api.schemas import DecisionIn, board_router
from dragoman.board.enums import (
    EntryStatus,
    SummaryVisibility,
)
from dragoman.board.models import WWAEntry
from dragoman.core.api import InputSchema
from dragoman.core.errors import NotFound


class WWAIn(InputSchema):
    outsourcer_id: StrictInt
    provider: str = Field(description="A linguist's pseudonym or a partner agency's name")
    rating: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)
    work_confirmed: StrictBool


class WWAOut(Schema):
    id: int
    outsourcer_id: int
    provider: str
    rating: int
    comment: str
    status: EntryStatus
    status_reason: str
    created_at: datetime
    published_at: datetime | None


class SummaryOut(Schema):
    provider: str
    visibility: SummaryVisibility
    shown: bool
    count: int
    average: float | None
    entries: list[WWAOut]


class VisibilityIn(InputSchema):
    visibility: SummaryVisibility


class VisibilityOut(Schema):
    visibility: SummaryVisibility


def _wwa_out(entry: WWAEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "outsourcer_id": entry.outsourcer_id,
        "provider": entry.provider_label,
        "rating": entry.rating,
        "comment": entry.comment,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "created_at": entry.created_at,
        "published_at": entry.published_at,
    }


@board_router.post(
    "/wwa",
    response={201: WWAOut},
    summary="The outsourcer's people rate a provider (WWA); it waits for vetting",
)
def wwa_create(request: AuthedHttpRequest, payload: WWAIn):
    outsourcer = selectors.outsourcer_get_for_user(
        user=request.user, outsourcer_id=payload.outsourcer_id
    )
    provider = selectors.provider_find(name=payload.provider)
    if provider is None:
        raise NotFound(_("No linguist with this pseudonym or agency with this name."))
    entry = services.wwa_create(
        by=request.user,
        outsourcer=outsourcer,
        provider=provider,
        rating=payload.rating,
        comment=payload.comment,
        work_confirmed=payload.work_confirmed,
    )
    return Status(201, _wwa_out(entry))


@board_router.post(
    "/vetting/wwa/{int:entry_id}",
    response=WWAOut,
    summary="Approve or reject a WWA entry (staff)",
)
def vet_wwa(request: AuthedHttpRequest, entry_id: int, payload: DecisionIn):
    _staff_only(request)
    entry = WWAEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("No such entry."))
    entry = services.wwa_vet(
        by=request.user, entry=entry, approve=payload.approve, reason=payload.reason
    )
    return _wwa_out(entry)


@board_router.get(
    "/providers/{int:provider_id}/summary",
    response=SummaryOut,
    summary="A provider's WWA summary, as the provider lets it show",
)
def provider_summary(request: AuthedHttpRequest, provider_id: int):
    summary = selectors.provider_summary(user=request.user, provider_id=provider_id)
    return {
        "provider": summary.label,
        "visibility": summary.visibility,
        "shown": summary.shown,
        "count": summary.count,
        "average": summary.average,
        "entries": [_wwa_out(e) for e in summary.entries],
    }


@board_router.put(
    "/providers/me/summary-visibility",
    response=VisibilityOut,
    summary="Choose who sees your WWA summary: hidden, owner or everyone",
)
def provider_visibility(request: AuthedHttpRequest, payload: VisibilityIn):
    row = services.provider_summary_visibility_set(by=request.user, visibility=payload.visibility)
    return {"visibility": row.summary_visibility}
