"""The reputation board in the REST API: statistics and vetting."""

from __future__ import annotations

from typing import Any

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services, statistics
from dragoman.board.api.builders import (
    _staff_only,
    entry_action,
    outsourcer_action,
)
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
    if payload.approve:
        return entry_action(request, entry_id, services.entry_approve)
    return entry_action(request, entry_id, services.entry_reject, reason=payload.reason)


@board_router.post(
    "/vetting/outsourcers/{int:outsourcer_id}",
    response=OutsourcerOut,
    summary="Approve or reject a new outsourcer record (staff)",
)
def vet_outsourcer(request: AuthedHttpRequest, outsourcer_id: int, payload: DecisionIn):
    _staff_only(request)
    if payload.approve:
        return outsourcer_action(request, outsourcer_id, services.outsourcer_approve)
    return outsourcer_action(
        request, outsourcer_id, services.outsourcer_reject, reason=payload.reason
    )


@board_router.post(
    "/vetting/disputes/{int:entry_id}",
    response=EntryOut,
    summary="Decide a dispute: remove the entry or show it again (staff)",
)
def resolve_dispute(request: AuthedHttpRequest, entry_id: int, payload: DisputeDecisionIn):
    _staff_only(request)
    return entry_action(
        request, entry_id, services.entry_dispute_resolve, uphold=payload.uphold, note=payload.note
    )
