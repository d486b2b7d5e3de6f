"""The reputation board in the REST API: builders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.enums import (
    EntryStatus,
)
from dragoman.board.models import LWAEntry, Outsourcer
from dragoman.board.permissions import can_vet
from dragoman.core.errors import Forbidden
from dragoman.core.permissions import actor_for


def _outsourcer_out(outsourcer: Outsourcer, *, user: Any) -> dict[str, Any]:
    actor = actor_for(user)
    return {
        "id": outsourcer.pk,
        "name": outsourcer.name,
        "country": str(outsourcer.country or ""),
        "city": outsourcer.city,
        "website": outsourcer.website,
        "emails": outsourcer.emails,
        "phones": outsourcer.phones,
        "status": outsourcer.status,
        "average_lwa": round(outsourcer.average_lwa, 2) if outsourcer.entry_count else None,
        "entry_count": outsourcer.entry_count,
        "created_at": outsourcer.created_at,
        "rejection_reason": outsourcer.rejection_reason
        if actor.is_staff or outsourcer.created_by_id == actor.user_id
        else "",
    }


def _entry_out(entry: LWAEntry, *, user: Any) -> dict[str, Any]:
    actor = actor_for(user)
    insider = actor.is_staff or entry.author_id == actor.user_id
    return {
        "id": entry.pk,
        "outsourcer_id": entry.outsourcer_id,
        "outsourcer_name": entry.outsourcer.name,
        "author": entry.author_label,
        "rating": entry.rating,
        "comment": entry.comment,
        "status": entry.status,
        "status_reason": entry.status_reason if insider else "",
        "pending_rating": entry.pending_rating if insider else None,
        "pending_comment": entry.pending_comment
        if insider and entry.status == EntryStatus.EDIT_PENDING
        else None,
        "comment_flags": entry.comment_flags if actor.is_staff else [],
        # A reply staff hid is kept for them and the entry's parties, not shown to others.
        "reply": entry.reply
        if not entry.reply_hidden_reason or insider or actor.user_id == entry.replied_by_id
        else "",
        "replied_at": entry.replied_at,
        "created_at": entry.created_at,
        "published_at": entry.published_at,
        "editable": entry.author_id == actor.user_id and services.entry_editable(entry)[0],
    }


def _record_out(request: AuthedHttpRequest, outsourcer_id: int) -> dict[str, Any]:
    page = selectors.record_page(user=request.user, outsourcer_id=outsourcer_id)
    for entry in (*page.entries, *page.own_hidden):
        entry.outsourcer = page.outsourcer
    return {
        **_outsourcer_out(page.outsourcer, user=request.user),
        "entries": [_entry_out(e, user=request.user) for e in page.entries],
        "own_hidden_entries": [_entry_out(e, user=request.user) for e in page.own_hidden],
        "affiliated": page.is_affiliated,
    }


def _staff_only(request: AuthedHttpRequest) -> None:
    if not can_vet(actor_for(request.user)):
        raise Forbidden(_("Only platform staff do this."), code="staff_only")


def entry_action(
    request: AuthedHttpRequest, entry_id: int, change: Callable[..., Any], **fields: Any
) -> dict[str, Any]:
    """The one shape of an action on an entry: find the entry the caller may see (404 for
    any other), let the service change it (it checks the caller's rights), and answer with
    the entry as the caller may read it."""
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    changed = change(by=request.user, entry=entry, **fields)
    return _entry_out(changed if isinstance(changed, LWAEntry) else entry, user=request.user)


def outsourcer_action(
    request: AuthedHttpRequest, outsourcer_id: int, change: Callable[..., Any], **fields: Any
) -> dict[str, Any]:
    """The same shape for an action on an outsourcer's record."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    changed = change(by=request.user, outsourcer=outsourcer, **fields)
    result = changed if isinstance(changed, Outsourcer) else outsourcer
    return _outsourcer_out(result, user=request.user)
