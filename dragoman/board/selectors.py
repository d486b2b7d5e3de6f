"""Reads of the reputation board that check the reader's rights."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board import permissions, text
from dragoman.board.enums import (
    EntryStatus,
    NonPaymentStatus,
    OutsourcerStatus,
    SearchSort,
    StatsPeriod,
)
from dragoman.board.models import (
    Affiliation,
    Application,
    ApplicationSettings,
    EntryRequest,
    LWAEntry,
    NonPaymentEvidence,
    NonPaymentReport,
    Outsourcer,
    OutsourcerVersion,
    ProviderBoardSettings,
    SavedSearch,
    WWAEntry,
)
from dragoman.board.permissions import (
    affiliated_q,
    author_kind,
    can_see_contact_history,
    can_vet,
)
from dragoman.core.errors import Forbidden, NotFound
from dragoman.core.permissions import Actor, actor_for

STATS_VERSION_KEY = "board-stats-version"
STATS_LATEST_KEY = "board-stats:latest"
STATS_REFRESHING_KEY = "board-stats:refreshing"
# "listed IN (true)", not "listed = true": Django writes the latter as a bare column on
# SQLite, which the planner cannot match to an index (a scan of 100 000 records and a sort
# instead of reading 51 index entries).
LISTED = Q(listed__in=[True])
# The last-12-months window moves with the clock: recompute at least this often.
STATS_SECONDS = 15 * 60
STATS_ROWS = 100
ENTRIES_PER_PAGE = 50


def _outsourcers_visible(actor: Actor) -> QuerySet[Outsourcer]:
    """Published and suspended records for everybody logged in (FAQ 2.2); a record waiting
    for vetting or refused also for the person who added it; everything for staff."""
    queryset = Outsourcer.objects.all()
    if not actor.is_authenticated:
        return queryset.none()
    if actor.is_staff:
        return queryset
    return queryset.filter(Q(listed=True) | Q(created_by_id=actor.user_id))


def outsourcer_search(
    *,
    user: User,
    q: str | None = None,
    country: str | None = None,
    city: str | None = None,
    sort: str = SearchSort.NAME,
) -> QuerySet[Outsourcer]:
    """Published records by name and place (FAQ 2.1): a part of the name, in any case and
    with or without accents; sorted by name or by average LWA (highest first, records
    without entries last)."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return Outsourcer.objects.none()
    queryset = Outsourcer.objects.filter(LISTED)
    needle = text.normalise(q or "")
    if needle:
        queryset = queryset.filter(search_name__contains=needle)
    if country:
        queryset = queryset.filter(country=country.upper())
    place = text.normalise(city or "")
    if place:
        queryset = queryset.filter(search_city__contains=place)
    if sort == SearchSort.AVERAGE:
        return queryset.order_by("-average_lwa", "-entry_count", "search_name", "id")
    return queryset.order_by("search_name", "id")


SEARCH_COUNT_LIMIT = 1000
SEARCH_SORT_LIMIT = 5000


@dataclass
class SearchPage:
    """A page of search results that never counts more than ``SEARCH_COUNT_LIMIT`` matches:
    a partial-name search cannot use an index, and an exact count of a common word would
    read every record."""

    object_list: list[Outsourcer]
    number: int
    has_next: bool
    count: int
    count_is_exact: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def outsourcer_search_page(
    *, user: User, page: int = 1, per_page: int = 50, **filters: Any
) -> SearchPage:
    queryset = outsourcer_search(user=user, **filters)
    page = max(1, page)
    start = (page - 1) * per_page
    capped = None
    if (
        len(text.normalise(filters.get("q") or "")) >= 3
        and filters.get("sort") != SearchSort.AVERAGE
    ):
        # Part of a name, in name order: count first. Up to SEARCH_SORT_LIMIT matches are
        # sorted after PostgreSQL's trigram index found them (migration 0013), through an
        # expression no index provides; else the name index would be read until a page of
        # matches turned up: half the board for "muller" or "sarl", since such names sit
        # together in name order. More matches are usually dense enough for the name index.
        capped = queryset.order_by()[: SEARCH_SORT_LIMIT + 1].count()
        if capped <= SEARCH_SORT_LIMIT:
            queryset = queryset.order_by(Concat("search_name", Value("")), "id")
    rows = list(queryset[start : start + per_page + 1])
    has_next = len(rows) > per_page
    if not has_next:
        # The last page tells the count without another query.
        count, exact = start + len(rows), True
    else:
        if capped is None:
            capped = queryset.order_by()[: SEARCH_COUNT_LIMIT + 1].count()
        count, exact = min(capped, SEARCH_COUNT_LIMIT), capped <= SEARCH_COUNT_LIMIT
    return SearchPage(rows[:per_page], page, has_next, count, exact)


def outsourcer_get_for_user(*, user: User, outsourcer_id: int) -> Outsourcer:
    outsourcer = _outsourcers_visible(actor_for(user)).filter(pk=outsourcer_id).first()
    if outsourcer is None:
        raise NotFound(_("No such outsourcer."))
    return outsourcer


def _entries_visible(actor: Actor) -> QuerySet[LWAEntry]:
    """Published entries of public records for everybody logged in; authors see their own
    entries in every state, with the reason (FAQ 2.22); staff see all."""
    queryset = LWAEntry.objects.all()
    if not actor.is_authenticated:
        return queryset.none()
    if actor.is_staff:
        return queryset
    return queryset.filter(
        Q(status=EntryStatus.PUBLISHED, outsourcer__listed=True) | Q(author_id=actor.user_id)
    )


def entry_get_for_user(*, user: User, entry_id: int) -> LWAEntry:
    entry = (
        _entries_visible(actor_for(user)).select_related("outsourcer").filter(pk=entry_id).first()
    )
    if entry is None:
        raise NotFound(_("No such entry."))
    return entry


def entry_list(
    *, user: User, outsourcer_id: int | None = None, mine: bool = False
) -> QuerySet[LWAEntry]:
    actor = actor_for(user)
    queryset = _entries_visible(actor).select_related("outsourcer")
    if outsourcer_id is not None:
        queryset = queryset.filter(outsourcer_id=outsourcer_id)
    if mine:
        queryset = queryset.filter(author_id=actor.user_id)
    return queryset.order_by("-created_at", "-id")


@dataclass
class RecordPage:
    """What a record page shows to one reader."""

    outsourcer: Outsourcer
    entries: list[LWAEntry]
    # The reader's own entries that the public does not see (waiting, refused, hidden).
    own_hidden: list[LWAEntry]
    is_affiliated: bool
    may_see_history: bool
    watching: bool
    page: int = 1
    has_next: bool = False


def record_page(*, user: User, outsourcer_id: int, page: int = 1) -> RecordPage:
    """An outsourcer's record (FAQ 1.2 "record"): contact data, average, published entries
    with replies, newest first and ``ENTRIES_PER_PAGE`` at a time; the reader's own
    unpublished entries apart; staff see every entry but deleted ones."""
    actor = actor_for(user)
    outsourcer = outsourcer_get_for_user(user=user, outsourcer_id=outsourcer_id)
    page = max(1, page)
    entries = LWAEntry.objects.filter(outsourcer_id=outsourcer.pk).order_by("-created_at", "-id")
    own_hidden: list[LWAEntry] = []
    if actor.is_staff:
        listed = entries.exclude(status=EntryStatus.DELETED)
    elif outsourcer.is_public:
        listed = entries.filter(status=EntryStatus.PUBLISHED)
    else:
        listed = entries.none()
    if not actor.is_staff and author_kind(actor) is not None:
        # Only providers write entries: nobody else pays for this query.
        own_hidden = list(
            entries.filter(author_id=actor.user_id).exclude(status=EntryStatus.PUBLISHED)
        )
    start = (page - 1) * ENTRIES_PER_PAGE
    rows = list(listed[start : start + ENTRIES_PER_PAGE + 1]) if listed is not None else []
    affiliated = outsourcer.affiliations.filter(affiliated_q(actor)).exists()
    return RecordPage(
        outsourcer=outsourcer,
        entries=rows[:ENTRIES_PER_PAGE],
        own_hidden=own_hidden,
        is_affiliated=affiliated,
        watching=actor.user_id is not None
        and outsourcer.watches.filter(user_id=actor.user_id).exists(),
        may_see_history=actor.is_staff
        or affiliated
        or settings.BOARD_CONTACT_HISTORY_VISIBLE_TO == "registered",
        page=page,
        has_next=len(rows) > ENTRIES_PER_PAGE,
    )


def contact_history(*, user: User, outsourcer: Outsourcer) -> QuerySet[OutsourcerVersion]:
    """Earlier contact data of a record (FAQ 2.20), for whom the setting allows."""
    if not can_see_contact_history(actor_for(user), outsourcer):
        raise Forbidden(
            _("Earlier contact data is shown to staff only."), code="history_not_allowed"
        )
    return outsourcer.versions.order_by("-number")


# --- The staff queue --------------------------------------------------------------------------


@dataclass
class QueueItem:
    kind: str  # "outsourcer", "entry", "correction" or "dispute"
    obj: Any
    queued_at: datetime
    waiting: timedelta
    overdue: bool
    # Labels of what the vetter should look at in a comment (``CommentFlag``).
    flags: list[str] = field(default_factory=list)


def vetting_queue(*, user: User, limit: int = 200) -> list[QueueItem]:
    """Everything waiting for staff, oldest first, with how long it has waited; an item
    past the target (FAQ 2.4: 12 hours for entries, 2.12: 24 hours for records) is
    overdue."""
    if not can_vet(actor_for(user)):
        raise Forbidden(_("Only platform staff vet the board."), code="staff_only")
    now = timezone.now()
    target = timedelta(hours=settings.BOARD_VETTING_TARGET_HOURS)
    items: list[QueueItem] = []
    for outsourcer in Outsourcer.objects.filter(status=OutsourcerStatus.PENDING).order_by(
        "created_at", "id"
    )[:limit]:
        waiting = now - outsourcer.created_at
        items.append(
            QueueItem(
                "outsourcer", outsourcer, outsourcer.created_at, waiting, waiting > 2 * target
            )
        )
    kinds: dict[str, str] = {
        EntryStatus.PENDING: "entry",
        EntryStatus.EDIT_PENDING: "correction",
        EntryStatus.DISPUTED: "dispute",
    }
    for entry in (
        LWAEntry.objects.filter(queued_at__isnull=False)
        .select_related("outsourcer")
        .order_by("queued_at", "id")[:limit]
    ):
        if entry.queued_at is None:  # filtered out above; for the type checker
            continue
        waiting = now - entry.queued_at
        items.append(
            QueueItem(
                kinds.get(entry.status, "entry"), entry, entry.queued_at, waiting, waiting > target
            )
        )
    for wwa in (
        WWAEntry.objects.filter(queued_at__isnull=False)
        .select_related("outsourcer")
        .order_by("queued_at", "id")[:limit]
    ):
        if wwa.queued_at is None:  # filtered out above; for the type checker
            continue
        waiting = now - wwa.queued_at
        items.append(QueueItem("wwa", wwa, wwa.queued_at, waiting, waiting > target))
    items.sort(key=lambda item: (item.queued_at, item.kind))
    return items[:limit]


# --- Statistics -------------------------------------------------------------------------------


@dataclass
class StatsRow:
    outsourcer_id: int
    name: str
    country: str
    city: str
    average: float
    entries: int


def _ranked(rows: list[StatsRow], split: int) -> dict[str, list[StatsRow]]:
    return {
        "many": [r for r in rows if r.entries >= split][:STATS_ROWS],
        "few": [r for r in rows if r.entries < split][:STATS_ROWS],
    }


def _stats_all_time() -> list[StatsRow]:
    queryset = (
        Outsourcer.objects.filter(LISTED, open_nonpayment_count=0, entry_count__gt=0)
        # Lets the database stop reading where the rank order passes 4.50; the exact
        # comparison on whole numbers follows.
        .filter(average_lwa__gt=4.5)
        .alias(doubled=F("rating_sum") * 2, limit=F("entry_count") * 9)
        .filter(doubled__gt=F("limit"))
        .order_by(F("average_lwa").desc(), "-entry_count", "-created_at", "-id")
        .values_list("pk", "name", "country", "city", "average_lwa", "entry_count")
    )
    return [StatsRow(*row) for row in queryset]


def _stats_last_year(now: datetime) -> list[StatsRow]:
    # The entries alone (a covering index: status, published_at, outsourcer, rating); the
    # records' conditions are applied when their names are read, so that a year of entries
    # is never joined row by row.
    since = now - timedelta(days=365)
    published = (
        LWAEntry.objects.filter(status=EntryStatus.PUBLISHED, published_at__gt=since)
        .values("outsourcer_id")
        .annotate(count=Count("id"), total=Sum("rating"))
        .alias(doubled=Sum("rating") * 2, limit=Count("id") * 9)
        .filter(doubled__gt=F("limit"))
        .values_list("outsourcer_id", "count", "total")
    )
    figures = {pk: (count, total) for pk, count, total in published}
    ids = list(figures)
    rows = []
    for start in range(0, len(ids), 500):
        outsourcers = Outsourcer.objects.filter(
            LISTED, open_nonpayment_count=0, pk__in=ids[start : start + 500]
        ).values_list("pk", "name", "country", "city", "created_at")
        for pk, name, country, city, created_at in outsourcers:
            count, total = figures[pk]
            rows.append((StatsRow(pk, name, country, city, total / count, count), created_at))
    rows.sort(
        key=lambda pair: (
            -pair[0].average,
            -pair[0].entries,
            -pair[1].timestamp(),
            -pair[0].outsourcer_id,
        )
    )
    return [row for row, _created in rows]


def board_statistics_compute() -> dict[str, Any]:
    """Compute the statistics for the current version and keep them: under the version's key
    for ``STATS_SECONDS``, and as the latest figures, which are served while newer ones are
    computed (``tasks.refresh_board_statistics``)."""
    version = cache.get(STATS_VERSION_KEY, 0)
    split = settings.BOARD_STATS_SPLIT_ENTRIES
    found = {
        "version": version,
        "split": split,
        StatsPeriod.ALL_TIME.value: _ranked(_stats_all_time(), split),
        StatsPeriod.LAST_12_MONTHS.value: _ranked(_stats_last_year(timezone.now()), split),
    }
    cache.set(f"board-stats:{version}:{split}", found, STATS_SECONDS)
    cache.set(STATS_LATEST_KEY, found, None)
    return found


# --- Non-payment reports ----------------------------------------------------------------------


def nonpayment_reports_visible(*, user: User) -> QuerySet[NonPaymentReport]:
    """FAQ 2.5: a report's details are for staff, its author and the outsourcer (from the
    moment it is notified: before that the entry itself is not public yet)."""
    actor = actor_for(user)
    queryset = NonPaymentReport.objects.select_related("outsourcer", "entry")
    if not actor.is_authenticated:
        return queryset.none()
    if actor.is_staff:
        return queryset
    affiliated = Affiliation.objects.filter(affiliated_q(actor)).values("outsourcer_id")
    return queryset.filter(
        Q(author_id=actor.user_id)
        | (Q(outsourcer_id__in=affiliated) & ~Q(status=NonPaymentStatus.WAITING_FOR_ENTRY))
    )


def nonpayment_report_get_for_user(*, user: User, report_id: int) -> NonPaymentReport:
    report = nonpayment_reports_visible(user=user).filter(pk=report_id).first()
    if report is None:
        raise NotFound(_("No such report."))
    return report


def nonpayment_evidence_get_for_user(*, user: User, evidence_id: int) -> NonPaymentEvidence:
    evidence = (
        NonPaymentEvidence.objects.filter(
            pk=evidence_id, report__in=nonpayment_reports_visible(user=user)
        )
        .select_related("report")
        .first()
    )
    if evidence is None:
        raise NotFound(_("No such file."))
    return evidence


def entry_requests_recent(*, user: User, limit: int = 10) -> list[EntryRequest]:
    """The latest public requests for entries, for the board's front page (FAQ 2.6).

    Read newest first from the requests alone and filtered here: a condition on the joined
    outsourcer makes the planner start from 100 000 records instead.
    """
    if not actor_for(user).is_authenticated:
        return []
    latest = (
        EntryRequest.objects.filter(to_providers=False)
        .select_related("outsourcer")
        .order_by("-created_at", "-id")[: limit * 3]
    )
    return [request for request in latest if request.outsourcer.listed][:limit]


def saved_search_get_for_user(*, user: User, search_id: int) -> SavedSearch:
    """One of the user's own saved searches: another person's is not found, like a missing one."""
    search = SavedSearch.objects.filter(user_id=user.pk, pk=search_id).first()
    if search is None:
        raise NotFound(_("No such saved search."))
    return search


# --- Applications -----------------------------------------------------------------------------


def application_targets(*, user: User, limit: int = 100) -> list[Outsourcer]:
    """Outsourcers taking applications whose criteria the linguist meets (FAQ 4.2.1)."""

    if not actor_for(user).is_linguist:
        return []
    rows = (
        ApplicationSettings.objects.filter(
            accepting=True,
            outsourcer__status=OutsourcerStatus.PUBLISHED,
            outsourcer__open_nonpayment_count=0,
        )
        .select_related("outsourcer")
        .order_by("outsourcer__search_name")[:limit]
    )
    return [
        row.outsourcer
        for row in rows
        if not permissions.applications_closed_reason(row.outsourcer)
        and permissions.provider_matches(settings_row=row, user=user)
    ]


def applications_for_outsourcer(*, user: User, outsourcer: Outsourcer) -> QuerySet[Application]:
    """The applications an outsourcer received: for its own people and staff only."""
    actor = actor_for(user)
    if not (actor.is_staff or outsourcer.affiliations.filter(affiliated_q(actor)).exists()):
        raise Forbidden(_("Only the outsourcer reads its applications."), code="not_affiliated")
    return (
        outsourcer.applications.select_related("provider__linguist_profile")
        .prefetch_related(
            "provider__linguist_profile__native_languages",
            "provider__linguist_profile__specialisations",
            "provider__linguist_profile__language_pairs__source",
            "provider__linguist_profile__language_pairs__target",
        )
        .order_by("-created_at", "-id")
    )


# --- WWA --------------------------------------------------------------------------------------


@dataclass
class ProviderSummary:
    provider_id: int
    label: str
    visibility: str
    shown: bool  # whether the reader sees the figures
    count: int
    average: float | None
    entries: list[WWAEntry]
    # FAQ 3.11: a provider that is also an outsourcer shows its LWA beside its WWA.
    records: list[Outsourcer] = field(default_factory=list)


def provider_summary(*, user: User, provider_id: int) -> ProviderSummary:
    """A provider's WWA summary (FAQ 3.11): hidden by default, also from its owner; shown to
    the owner or to everybody when the provider says so; staff always see it."""
    from dragoman.board.enums import SummaryVisibility

    actor = actor_for(user)
    provider = User.objects.filter(pk=provider_id, is_active=True).first()
    if provider is None or not actor.is_authenticated or author_kind(actor_for(provider)) is None:
        raise NotFound(_("No such provider."))
    row = ProviderBoardSettings.objects.filter(user_id=provider.pk).first()
    visibility = row.summary_visibility if row else SummaryVisibility.HIDDEN
    shown = (
        actor.is_staff
        or visibility == SummaryVisibility.EVERYONE
        or (visibility == SummaryVisibility.OWNER and actor.user_id == provider.pk)
    )
    published = WWAEntry.objects.filter(provider_id=provider.pk, status=EntryStatus.PUBLISHED)
    figures = published.aggregate(count=Count("id"), total=Sum("rating")) if shown else {}
    count = figures.get("count") or 0
    entries = list(published.select_related("outsourcer")[:50]) if shown else []
    label = (
        entries[0].provider_label
        if entries
        else (
            provider.linguist_profile.pseudonym
            if hasattr(provider, "linguist_profile")
            else _("Partner agency")
        )
    )
    records: list[Outsourcer] = []
    if shown:
        provider_actor = actor_for(provider)
        records = list(
            Outsourcer.objects.filter(
                LISTED,
                pk__in=Affiliation.objects.filter(affiliated_q(provider_actor)).values(
                    "outsourcer_id"
                ),
            ).order_by("search_name")[:10]
        )
    return ProviderSummary(
        records=records,
        provider_id=provider.pk,
        label=label,
        visibility=visibility,
        shown=shown,
        count=count,
        average=(figures["total"] / count) if count else None,
        entries=entries,
    )


def provider_find(*, name: str) -> Any:
    """A provider named as the board shows them: a linguist's pseudonym or a partner
    agency's name (so that rating a linguist never needs their identity)."""
    from dragoman.linguists.models import LinguistProfile
    from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role

    name = (name or "").strip()
    profile = LinguistProfile.objects.select_related("user").filter(pseudonym__iexact=name).first()
    if profile is not None:
        return profile.user
    # An agency is rated through its manager's account; its name is what shows.
    return (
        User.objects.filter(
            memberships__organisation__name__iexact=name,
            memberships__organisation__kind=OrganisationKind.PARTNER,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role=Role.MANAGER,
        )
        .order_by("pk")
        .first()
    )


def posting_suspension(*, user: User, organisation_id: int | None) -> Any:
    """The suspended outsourcer record that speaks for this person or their organisation, if
    any: staff suspended it from posting work after a review of its non-payment reports
    (Blue Board FAQ 1.6, 1.7). ``orders`` asks this before a new request is made."""
    from django.db.models import Q

    from dragoman.board.enums import OutsourcerStatus
    from dragoman.board.models import Affiliation

    who = Q(user_id=user.pk)
    if organisation_id:
        who |= Q(organisation_id=organisation_id)
    affiliation = (
        Affiliation.objects.filter(who, outsourcer__status=OutsourcerStatus.SUSPENDED)
        .select_related("outsourcer")
        .first()
    )
    return affiliation.outsourcer if affiliation else None
