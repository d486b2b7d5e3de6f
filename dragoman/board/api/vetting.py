"""The reputation board in the REST API: statistics and vetting."""

from __future__ import annotations

from typing import Any

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services, statistics
from dragoman.board.api.builders import _entry_out, _outsourcer_out, _staff_only
from dragoman.board.api.schemas import (
    BulkDecisionIn,
    BulkOut,
    DecisionIn,
    DisputeDecisionIn,
    EntryOut,
    OutsourcerOut,
    StatsOut,
    VettingQueueItemOut,
    board_router,
)
from dragoman.board.models import LWAEntry


@board_router.get("/stats", response=StatsOut, summary="Outsourcers with the best LWA")
def board_stats(request: AuthedHttpRequest):
    figures = statistics.board_statistics(user=request.user)

    def groups(period: str) -> dict[str, list[dict[str, Any]]]:
        return {
            group: [row.__dict__ for row in figures[period][group]] for group in ("many", "few")
        }

    return {
        "split": figures["split"],
        "all_time": groups("all"),
        "last_12_months": groups("12m"),
    }


@board_router.get(
    "/vetting",
    response=list[VettingQueueItemOut],
    summary="What waits for staff, oldest first (staff)",
)
def vetting_queue(request: AuthedHttpRequest):
    return [
        {
            "kind": item.kind,
            "id": item.obj.pk,
            "title": item.obj.name if item.kind == "outsourcer" else str(item.obj.outsourcer),
            "queued_at": item.queued_at,
            "waiting_seconds": int(item.waiting.total_seconds()),
            "overdue": item.overdue,
            "flags": list(getattr(item.obj, "comment_flags", []) or []),
        }
        for item in selectors.vetting_queue(user=request.user)
    ]


@board_router.post(
    "/vetting/entries",
    response=BulkOut,
    summary="Approve or reject several entries or corrections at once (staff)",
)
def vet_entries(request: AuthedHttpRequest, payload: BulkDecisionIn):
    _staff_only(request)
    entries = LWAEntry.objects.filter(pk__in=payload.entry_ids)
    decided = services.entries_vet(
        by=request.user, entries=entries, approve=payload.approve, reason=payload.reason
    )
    return {"decided": decided}


@board_router.post(
    "/vetting/entries/{int:entry_id}",
    response=EntryOut,
    summary="Approve or reject one entry or correction (staff)",
)
def vet_entry(request: AuthedHttpRequest, entry_id: int, payload: DecisionIn):
    _staff_only(request)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    if payload.approve:
        entry = services.entry_approve(by=request.user, entry=entry)
    else:
        entry = services.entry_reject(by=request.user, entry=entry, reason=payload.reason)
    return _entry_out(entry, user=request.user)


@board_router.post(
    "/vetting/outsourcers/{int:outsourcer_id}",
    response=OutsourcerOut,
    summary="Approve or reject a new outsourcer record (staff)",
)
def vet_outsourcer(request: AuthedHttpRequest, outsourcer_id: int, payload: DecisionIn):
    _staff_only(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    if payload.approve:
        services.outsourcer_approve(by=request.user, outsourcer=outsourcer)
    else:
        services.outsourcer_reject(by=request.user, outsourcer=outsourcer, reason=payload.reason)
    return _outsourcer_out(outsourcer, user=request.user)


@board_router.post(
    "/vetting/disputes/{int:entry_id}",
    response=EntryOut,
    summary="Decide a dispute: remove the entry or show it again (staff)",
)
def resolve_dispute(request: AuthedHttpRequest, entry_id: int, payload: DisputeDecisionIn):
    _staff_only(request)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    entry = services.entry_dispute_resolve(
        by=request.user, entry=entry, uphold=payload.uphold, note=payload.note
    )
    return _entry_out(entry, user=request.user)
