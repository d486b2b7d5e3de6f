"""The reputation board in the REST API: non-payment reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema, Status
from pydantic import Field

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.api.builders import entry_action
from dragoman.board.api.schemas import DisputeDecisionIn, EntryOut, board_router, entries_router
from dragoman.board.enums import (
    NonPaymentStatus,
    SearchSort,
)
from dragoman.board.models import NonPaymentReport
from dragoman.core.api import InputSchema


class NonPaymentIn(InputSchema):
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3)
    due_date: date
    invoice_reference: str = Field(min_length=1, max_length=100)


class EvidenceOut(Schema):
    id: int
    name: str
    side: str


class NonPaymentOut(Schema):
    id: int
    entry_id: int
    outsourcer_id: int
    amount: Decimal
    currency: str
    due_date: date
    invoice_reference: str
    status: NonPaymentStatus
    notified_at: datetime | None
    contest_until: datetime | None
    contest_reason: str
    opened_at: datetime | None
    decision_note: str
    paid_at: datetime | None
    evidence: list[EvidenceOut]


class ContestIn(InputSchema):
    reason: str = Field(min_length=1, max_length=4000)


def _report_out(report: NonPaymentReport) -> dict[str, Any]:
    return {
        **{
            field: getattr(report, field)
            for field in (
                "id",
                "entry_id",
                "outsourcer_id",
                "amount",
                "currency",
                "due_date",
                "invoice_reference",
                "status",
                "notified_at",
                "contest_until",
                "contest_reason",
                "opened_at",
                "decision_note",
                "paid_at",
            )
        },
        "evidence": [{"id": e.pk, "name": e.name, "side": e.side} for e in report.evidence.all()],
    }


@board_router.get(
    "/non-payment",
    response=list[NonPaymentOut],
    summary="Non-payment reports you may see (staff, their authors, the outsourcer)",
)
def nonpayment_list(request: AuthedHttpRequest, outsourcer_id: int | None = None):
    queryset = selectors.nonpayment_reports_visible(user=request.user).prefetch_related("evidence")
    if outsourcer_id is not None:
        queryset = queryset.filter(outsourcer_id=outsourcer_id)
    return [_report_out(r) for r in queryset[:200]]


@entries_router.post(
    "/{int:entry_id}/non-payment",
    response={201: NonPaymentOut},
    summary="Report a non-payment on your entry of 1 or 2 (evidence: upload on the page)",
)
def nonpayment_create(request: AuthedHttpRequest, entry_id: int, payload: NonPaymentIn):
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    report = services.nonpayment_report_create(by=request.user, entry=entry, **payload.model_dump())
    return Status(201, _report_out(report))


@board_router.post(
    "/non-payment/{int:report_id}/contest",
    response=NonPaymentOut,
    summary="The outsourcer contests a report before it opens",
)
def nonpayment_contest(request: AuthedHttpRequest, report_id: int, payload: ContestIn):
    report = selectors.nonpayment_report_get_for_user(user=request.user, report_id=report_id)
    report = services.nonpayment_contest(by=request.user, report=report, reason=payload.reason)
    return _report_out(report)


@board_router.post(
    "/non-payment/{int:report_id}/decision",
    response=NonPaymentOut,
    summary="Staff decide a contest: uphold withdraws the report, otherwise it opens",
)
def nonpayment_decide(request: AuthedHttpRequest, report_id: int, payload: DisputeDecisionIn):
    report = selectors.nonpayment_report_get_for_user(user=request.user, report_id=report_id)
    report = services.nonpayment_contest_decide(
        by=request.user, report=report, uphold=payload.uphold, note=payload.note
    )
    return _report_out(report)


@board_router.post(
    "/non-payment/{int:report_id}/paid",
    response=NonPaymentOut,
    summary="The author confirms payment in full; the report closes and the entry is removed",
)
def nonpayment_paid(request: AuthedHttpRequest, report_id: int):
    report = selectors.nonpayment_report_get_for_user(user=request.user, report_id=report_id)
    report = services.nonpayment_mark_paid(by=request.user, report=report)
    return _report_out(report)


@entries_router.post(
    "/{int:entry_id}/deletion",
    response=EntryOut,
    summary="Ask for the entry to be deleted (once replied, both sides must ask)",
)
def entry_delete(request: AuthedHttpRequest, entry_id: int):
    return entry_action(request, entry_id, services.entry_delete_request)


class SavedSearchIn(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    q: str = Field("", max_length=200)
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=100)
    sort: SearchSort = SearchSort.NAME


class SavedSearchOut(Schema):
    id: int
    name: str
    q: str
    country: str
    city: str
    sort: SearchSort


@board_router.get("/saved-searches", response=list[SavedSearchOut], summary="Your saved searches")
def saved_search_list(request: AuthedHttpRequest):
    return [
        {**s.__dict__, "country": str(s.country or "")} for s in request.user.board_searches.all()
    ]


@board_router.post(
    "/saved-searches",
    response={201: SavedSearchOut},
    summary="Save a search (the same name replaces it)",
)
def saved_search_save(request: AuthedHttpRequest, payload: SavedSearchIn):
    search = services.saved_search_save(by=request.user, **payload.model_dump())
    return Status(201, {**search.__dict__, "country": str(search.country or "")})


@board_router.delete(
    "/saved-searches/{int:search_id}",
    response={204: None},
    summary="Delete one of your saved searches",
)
def saved_search_delete(request: AuthedHttpRequest, search_id: int):
    search = selectors.saved_search_get_for_user(user=request.user, search_id=search_id)
    services.saved_search_delete(by=request.user, search=search)
    return Status(204, None)
