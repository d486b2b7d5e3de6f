"""The reputation board in the REST API: schemas."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from dragoman.board.enums import (
    EntryStatus,
    OutsourcerStatus,
    SearchSort,
)
from dragoman.core.api import ApiRouter, InputSchema

outsourcers_router = ApiRouter(tags=["reputation board"])
entries_router = ApiRouter(tags=["reputation board"])
board_router = ApiRouter(tags=["reputation board"])
PER_PAGE = 50


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
