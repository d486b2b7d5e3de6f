"""The reputation board in the REST API: entries."""

from __future__ import annotations

from ninja import Query, Status

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.api.builders import _entry_out, entry_action
from dragoman.board.api.schemas import (
    PER_PAGE,
    EntryIn,
    EntryOut,
    EntryPageOut,
    EntryPatch,
    ReasonIn,
    ReplyIn,
    entries_router,
)


@entries_router.get(
    "", response=EntryPageOut, summary="Entries you may see, newest first, 50 a page"
)
def entry_list(
    request: AuthedHttpRequest,
    outsourcer_id: int | None = None,
    mine: bool = False,
    page: int = Query(1, ge=1),
):
    queryset = selectors.entry_list(user=request.user, outsourcer_id=outsourcer_id, mine=mine)
    items = queryset[(page - 1) * PER_PAGE : page * PER_PAGE]
    return {
        "items": [_entry_out(e, user=request.user) for e in items],
        "count": queryset.count(),
    }


@entries_router.post(
    "",
    response={201: EntryOut},
    summary="Write an LWA entry (linguists, partner agencies); it waits for vetting",
)
def entry_create(request: AuthedHttpRequest, payload: EntryIn):
    outsourcer = selectors.outsourcer_get_for_user(
        user=request.user, outsourcer_id=payload.outsourcer_id
    )
    entry = services.entry_create(
        by=request.user,
        outsourcer=outsourcer,
        rating=payload.rating,
        comment=payload.comment,
        work_confirmed=payload.work_confirmed,
        watch=payload.watch,
    )
    return Status(201, _entry_out(entry, user=request.user))


@entries_router.get("/{int:entry_id}", response=EntryOut, summary="One entry")
def entry_detail(request: AuthedHttpRequest, entry_id: int):
    return _entry_out(
        selectors.entry_get_for_user(user=request.user, entry_id=entry_id), user=request.user
    )


@entries_router.patch(
    "/{int:entry_id}",
    response=EntryOut,
    summary="Correct your entry (not after a reply or a year); the correction is vetted",
)
def entry_edit(request: AuthedHttpRequest, entry_id: int, payload: EntryPatch):
    return entry_action(
        request, entry_id, services.entry_edit, rating=payload.rating, comment=payload.comment
    )


@entries_router.post(
    "/{int:entry_id}/reply",
    response=EntryOut,
    summary="The outsourcer's one reply (users affiliated with the record)",
)
def entry_reply(request: AuthedHttpRequest, entry_id: int, payload: ReplyIn):
    return entry_action(request, entry_id, services.entry_reply, reply=payload.reply)


@entries_router.post(
    "/{int:entry_id}/dispute",
    response=EntryOut,
    summary="The outsourcer contests an entry; it is hidden while staff review it",
)
def entry_dispute(request: AuthedHttpRequest, entry_id: int, payload: ReasonIn):
    return entry_action(request, entry_id, services.entry_dispute, reason=payload.reason)
