"""The reputation board in the REST API: /outsourcers, /lwa-entries and /board.

Handlers parse a schema, call one selector or service and return a schema; the rules live
in ``board.services``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field, StrictBool, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import User
from dragoman.board import selectors, services, statistics
from dragoman.board.enums import (
    EntryStatus,
    NonPaymentStatus,
    OutsourcerStatus,
    SearchSort,
    SummaryVisibility,
)
from dragoman.board.models import LWAEntry, NonPaymentReport, Outsourcer, WWAEntry
from dragoman.board.permissions import can_vet
from dragoman.core.api import ApiRouter, InputSchema
from dragoman.core.errors import Forbidden, NotFound, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.orgs.models import Organisation

outsourcers_router = ApiRouter(tags=["reputation board"])
entries_router = ApiRouter(tags=["reputation board"])
board_router = ApiRouter(tags=["reputation board"])
PER_PAGE = 50


# --- Schemas ----------------------------------------------------------------------------------


class OutsourcerOut(Schema):
    id: int
    name: str
    country: str
    city: str
    website: str
    emails: list[str]
    phones: list[str]
    status: OutsourcerStatus
    average_lwa: float | None = Field(description="Average of the published entries")
    entry_count: int
    created_at: datetime
    rejection_reason: str = Field("", description="Shown to the person who added it and staff")


class OutsourcerPageOut(Schema):
    items: list[OutsourcerOut]
    count: int = Field(description="Exact up to 1000; beyond, 1000 with count_is_exact false")
    count_is_exact: bool


class OutsourcerIn(InputSchema):
    name: str = Field(max_length=200)
    country: str = Field("", max_length=2, description="ISO 3166 code")
    city: str = Field("", max_length=100)
    website: str = Field("", max_length=300)
    emails: list[str] = Field(default_factory=list, max_length=10)
    phones: list[str] = Field(default_factory=list, max_length=10)


class OutsourcerPatch(InputSchema):
    name: str | None = Field(None, max_length=200)
    country: str | None = Field(None, max_length=2)
    city: str | None = Field(None, max_length=100)
    website: str | None = Field(None, max_length=300)
    emails: list[str] | None = Field(None, max_length=10)
    phones: list[str] | None = Field(None, max_length=10)


class VersionOut(Schema):
    number: int
    name: str
    country: str
    city: str
    website: str
    emails: list[str]
    phones: list[str]
    created_at: datetime


class EntryOut(Schema):
    id: int
    outsourcer_id: int
    outsourcer_name: str
    author: str = Field(description="A linguist's pseudonym or the partner agency's name")
    rating: int = Field(ge=1, le=5)
    comment: str = Field(
        description='As typed, never HTML: escape it when showing it; an empty one shows "…"'
    )
    status: EntryStatus
    status_reason: str = Field("", description="Why it is refused or hidden (author, staff)")
    pending_rating: int | None = Field(None, description="A correction waiting for vetting")
    pending_comment: str | None = None
    comment_flags: list[str] = Field(default_factory=list, description="Hints for vetters")
    reply: str
    replied_at: datetime | None
    created_at: datetime
    published_at: datetime | None
    editable: bool = Field(False, description="Whether the caller may still correct it")


class RecordOut(OutsourcerOut):
    entries: list[EntryOut] = Field(description="Published entries, newest first")
    own_hidden_entries: list[EntryOut] = Field(
        description="The caller's own entries the public does not see"
    )
    affiliated: bool = Field(description="Whether the caller speaks for this outsourcer")


class EntryIn(InputSchema):
    outsourcer_id: StrictInt
    rating: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)
    work_confirmed: StrictBool = Field(
        description="The author did real work for the outsourcer, delivered on time, with no "
        "complaint about its quality (FAQ 1.3)"
    )
    watch: StrictBool = Field(False, description="Also watch the outsourcer")


class EntryPatch(InputSchema):
    rating: StrictInt = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class EntryPageOut(Schema):
    items: list[EntryOut]
    count: int


class ReplyIn(InputSchema):
    reply: str = Field(min_length=1, max_length=2000)


class ReasonIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(InputSchema):
    approve: StrictBool
    reason: str = Field("", max_length=2000, description="Required to reject")


class BulkDecisionIn(DecisionIn):
    entry_ids: list[StrictInt] = Field(min_length=1, max_length=200)


class BulkOut(Schema):
    decided: int


class DisputeDecisionIn(InputSchema):
    uphold: StrictBool = Field(description="true removes the entry, false shows it again")
    note: str = Field("", max_length=2000, description="Required to uphold")


class VettingQueueItemOut(Schema):
    kind: str = Field(description="outsourcer, entry, correction or dispute")
    id: int
    title: str
    queued_at: datetime
    waiting_seconds: int
    overdue: bool
    flags: list[str]


class StatsRowOut(Schema):
    outsourcer_id: int
    name: str
    country: str
    city: str
    average: float
    entries: int


class StatsGroupsOut(Schema):
    many: list[StatsRowOut]
    few: list[StatsRowOut]


class StatsOut(Schema):
    split: int = Field(description="'many' holds records with at least this many entries")
    all_time: StatsGroupsOut
    last_12_months: StatsGroupsOut


class OutsourcerFilters(Schema):
    q: str | None = Field(None, description="A part of the name; case and accents ignored")
    country: str | None = None
    city: str | None = None
    sort: SearchSort = SearchSort.NAME


# --- Builders ---------------------------------------------------------------------------------


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


# --- Outsourcers ------------------------------------------------------------------------------


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
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.outsourcer_update(by=request.user, outsourcer=outsourcer, **changes)
    return _outsourcer_out(outsourcer, user=request.user)


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


# --- Entries ----------------------------------------------------------------------------------


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
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    entry = services.entry_edit(
        by=request.user, entry=entry, rating=payload.rating, comment=payload.comment
    )
    return _entry_out(entry, user=request.user)


@entries_router.post(
    "/{int:entry_id}/reply",
    response=EntryOut,
    summary="The outsourcer's one reply (users affiliated with the record)",
)
def entry_reply(request: AuthedHttpRequest, entry_id: int, payload: ReplyIn):
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    entry = services.entry_reply(by=request.user, entry=entry, reply=payload.reply)
    return _entry_out(entry, user=request.user)


@entries_router.post(
    "/{int:entry_id}/dispute",
    response=EntryOut,
    summary="The outsourcer contests an entry; it is hidden while staff review it",
)
def entry_dispute(request: AuthedHttpRequest, entry_id: int, payload: ReasonIn):
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    entry = services.entry_dispute(by=request.user, entry=entry, reason=payload.reason)
    return _entry_out(entry, user=request.user)


# --- Statistics and vetting -------------------------------------------------------------------


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


# --- Non-payment reports ----------------------------------------------------------------------


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
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    entry = services.entry_delete_request(by=request.user, entry=entry)
    return _entry_out(entry, user=request.user)


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


# --- WWA --------------------------------------------------------------------------------------


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


# --- Applications -----------------------------------------------------------------------------


class ApplicationSettingsIn(InputSchema):
    accepting: StrictBool
    pairs: list[tuple[str, str]] = Field(
        default_factory=list, description='Language codes, e.g. [["de", "en"]]'
    )
    native_languages: list[str] = Field(default_factory=list)
    specialisation_ids: list[StrictInt] = Field(default_factory=list)
    countries: list[str] = Field(
        default_factory=list, description="ISO 3166 codes of the providers' countries, e.g. DE"
    )


class ApplicationIn(InputSchema):
    message: str = Field("", max_length=4000)


class ApplicationOut(Schema):
    id: int
    outsourcer_id: int
    provider: str = Field(description="The linguist's pseudonym")
    message: str
    status: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


class ApplicationAnswerIn(InputSchema):
    accept: StrictBool
    answer: str = Field("", max_length=2000)


def _application_out(application: Any) -> dict[str, Any]:
    return {
        "id": application.pk,
        "outsourcer_id": application.outsourcer_id,
        "provider": application.provider.linguist_profile.pseudonym,
        "message": application.message,
        "status": application.status,
        "answer": application.answer,
        "created_at": application.created_at,
        "answered_at": application.answered_at,
    }


@outsourcers_router.put(
    "/{int:outsourcer_id}/application-settings",
    response={200: None},
    summary="The outsourcer's people set whether and from whom they take applications",
)
def application_settings(
    request: AuthedHttpRequest, outsourcer_id: int, payload: ApplicationSettingsIn
):
    from dragoman.catalog.models import Language, Topic

    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    codes = {c for pair in payload.pairs for c in pair} | set(payload.native_languages)
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(languages))
    if unknown:
        raise ValidationFailed(
            _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    from django_countries import countries as known_countries

    bad = sorted(c for c in payload.countries if c.upper() not in dict(known_countries))
    if bad:
        raise ValidationFailed(
            _("Unknown country codes: %(codes)s") % {"codes": ", ".join(bad)},
            fields={"countries": bad},
        )
    services.application_settings_set(
        by=request.user,
        outsourcer=outsourcer,
        accepting=payload.accepting,
        pairs=[(languages[s], languages[t]) for s, t in payload.pairs],
        native_languages=[languages[c] for c in payload.native_languages],
        specialisations=list(Topic.objects.filter(pk__in=payload.specialisation_ids)),
        countries=payload.countries,
    )
    return Status(200, None)


@outsourcers_router.post(
    "/{int:outsourcer_id}/applications",
    response={201: ApplicationOut},
    summary="A linguist applies (once in 90 days, not while the last one waits)",
)
def application_send(request: AuthedHttpRequest, outsourcer_id: int, payload: ApplicationIn):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    application = services.application_send(
        by=request.user, outsourcer=outsourcer, message=payload.message
    )
    return Status(201, _application_out(application))


@outsourcers_router.get(
    "/{int:outsourcer_id}/applications",
    response=list[ApplicationOut],
    summary="Applications the outsourcer received (its people, staff)",
)
def application_list(request: AuthedHttpRequest, outsourcer_id: int):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    return [
        _application_out(a)
        for a in selectors.applications_for_outsourcer(user=request.user, outsourcer=outsourcer)[
            :200
        ]
    ]


@outsourcers_router.post(
    "/{int:outsourcer_id}/applications/{int:application_id}/answer",
    response=ApplicationOut,
    summary="Accept or decline an application",
)
def application_answer(
    request: AuthedHttpRequest,
    outsourcer_id: int,
    application_id: int,
    payload: ApplicationAnswerIn,
):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    application = outsourcer.applications.filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("No such application."))
    application = services.application_answer(
        by=request.user, application=application, accept=payload.accept, answer=payload.answer
    )
    return _application_out(application)


@board_router.get(
    "/applications/targets",
    response=list[OutsourcerOut],
    summary="Outsourcers taking applications whose criteria you meet (linguists)",
)
def application_targets(request: AuthedHttpRequest):
    return [
        _outsourcer_out(o, user=request.user)
        for o in selectors.application_targets(user=request.user)
    ]
