"""The reputation board (Blue Board seed 003): outsourcer records and LWA entries.

Rows change only through ``dragoman.board.services``; the cached figures of an outsourcer
(``entry_count``, ``rating_sum``, ``average_lwa``) are recomputed there whenever an entry is
published, hidden or removed, so search and statistics never aggregate a million entries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from dragoman.board.enums import (
    ApplicationStatus,
    AuthorKind,
    EntryAction,
    EntryStatus,
    EvidenceSide,
    NonPaymentStatus,
    OutsourcerStatus,
    SummaryVisibility,
)
from dragoman.core.models import HistoryEvent, TimeStampedModel


class Outsourcer(TimeStampedModel):
    """A company or person who buys language services (FAQ 1.2 "outsourcer")."""

    name = models.CharField(_("name"), max_length=200)
    # Lower-case, accents removed (``board.text.normalise``): partial search that ignores
    # case and accents works the same on SQLite and PostgreSQL, without extensions.
    search_name = models.CharField(max_length=200, editable=False)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    search_city = models.CharField(max_length=100, editable=False, blank=True)
    website = models.URLField(_("web site"), max_length=300, blank=True)
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OutsourcerStatus.choices,
        default=OutsourcerStatus.PENDING,
    )
    # Published or suspended: shown on the board. Kept apart from the status (and held to it
    # by a constraint) so that search and statistics read one index in order with an
    # equality, which both databases plan well, instead of "status IN (…)".
    listed = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(_("vetted"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    # Published entries only; kept by the services.
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    # 0 while there are no published entries (shown as "—"): no NULLs keeps one index order
    # for "highest first" on both databases.
    average_lwa = models.FloatField(_("average LWA"), default=0)
    # Open non-payment reports (FAQ 2.19: such records are left out of the statistics).
    open_nonpayment_count = models.PositiveIntegerField(_("open non-payment reports"), default=0)
    # FAQ 1.7: three unpaid reports from different providers bring the record to staff.
    review_requested_at = models.DateTimeField(_("staff review asked"), null=True, blank=True)
    suspension_reason = models.TextField(_("why suspended"), blank=True, max_length=2000)

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("outsourcer")
        verbose_name_plural = _("outsourcers")
        constraints = [
            models.CheckConstraint(
                condition=Q(listed=True, status__in=["published", "suspended"])
                | (Q(listed=False) & ~Q(status__in=["published", "suspended"])),
                name="board_out_listed_follows_status",
            )
        ]
        indexes = [
            # Search, in name order or highest average first; statistics in rank order.
            models.Index(fields=["listed", "search_name", "id"], name="board_out_listed_name"),
            models.Index(
                fields=["listed", "-average_lwa", "-entry_count", "search_name", "id"],
                name="board_out_listed_average",
            ),
            models.Index(
                fields=["listed", "-average_lwa", "-entry_count", "-created_at"],
                name="board_out_listed_rank",
            ),
            # The vetting queue of new records.
            models.Index(fields=["status", "created_at"], name="board_out_status_created"),
            # Search within a country, in name order (the city is a partial match).
            models.Index(
                fields=["listed", "country", "search_name", "id"], name="board_out_listed_country"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status_label(self) -> str:
        return str(OutsourcerStatus(self.status).label)

    @property
    def is_public(self) -> bool:
        return self.status in (OutsourcerStatus.PUBLISHED, OutsourcerStatus.SUSPENDED)


class OutsourcerVersion(models.Model):
    """The contact data of a record as it was from ``created_at`` on (FAQ 2.20: the history
    of contact details). One row per change, the first one when the record is added."""

    outsourcer = models.ForeignKey(Outsourcer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("web site"), max_length=300, blank=True)
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("from"), auto_now_add=True)

    class Meta:
        ordering = ["outsourcer", "-number"]
        verbose_name = _("contact data version")
        verbose_name_plural = _("contact data history")
        constraints = [
            models.UniqueConstraint(fields=["outsourcer", "number"], name="board_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.outsourcer_id} v{self.number}"


class Affiliation(models.Model):
    """A user profile or an organisation that speaks for an outsourcer (FAQ 3.12): it may
    reply to entries and dispute them, and never write entries about the outsourcer."""

    outsourcer = models.ForeignKey(
        Outsourcer, on_delete=models.CASCADE, related_name="affiliations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="board_affiliations",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="board_affiliations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organisation__isnull=True)
                | Q(user__isnull=True, organisation__isnull=False),
                name="board_affiliation_one_side",
            ),
            models.UniqueConstraint(
                fields=["outsourcer", "user"],
                condition=Q(user__isnull=False),
                name="board_affiliation_user_once",
            ),
            models.UniqueConstraint(
                fields=["outsourcer", "organisation"],
                condition=Q(organisation__isnull=False),
                name="board_affiliation_org_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.organisation_id} → {self.outsourcer_id}"


class LWAEntry(TimeStampedModel):
    """A provider's "likelihood of working again" with an outsourcer (FAQ 1.2): a rating of
    1 to 5 and an optional comment that explains it; the outsourcer may reply once."""

    outsourcer = models.ForeignKey(Outsourcer, on_delete=models.PROTECT, related_name="entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lwa_entries"
    )
    author_kind = models.CharField(max_length=20, choices=AuthorKind.choices)
    # How the author shows on the board, fixed when the entry is written: a linguist's
    # pseudonym (clients never learn who a linguist is) or the partner agency's name.
    author_label = models.CharField(_("author"), max_length=200)
    rating = models.PositiveSmallIntegerField(_("LWA"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    comment_flags = models.JSONField(default=list, blank=True)
    work_confirmed = models.BooleanField(_("real work delivered on time"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    # A correction of a published entry waits here; the published text stays until vetted.
    pending_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    pending_comment = models.TextField(blank=True, max_length=2000)
    # When the entry joined the staff queue (new, correction or dispute); null otherwise.
    queued_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(null=True, blank=True)
    # Why staff refused the entry or its correction, or why the outsourcer disputes it:
    # the author sees it (FAQ 2.22).
    status_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    reply = models.TextField(_("reply"), blank=True, max_length=2000)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # FAQ 2.18: staff may remove a reply that breaks the rules; its text is kept, hidden.
    reply_hidden_reason = models.TextField(
        _("why the reply is hidden"), blank=True, max_length=2000
    )
    # FAQ 2.18: once replied, an entry is deleted only when both sides ask.
    author_asks_deletion_at = models.DateTimeField(null=True, blank=True)
    outsourcer_asks_deletion_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("LWA entry")
        verbose_name_plural = _("LWA entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="board_entry_rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(pending_rating__isnull=True)
                | Q(pending_rating__gte=1, pending_rating__lte=5),
                name="board_entry_pending_rating_1_5",
            ),
        ]
        indexes = [
            # A record page: its published entries, newest first.
            models.Index(
                fields=["outsourcer", "status", "-created_at", "-id"], name="board_entry_record"
            ),
            # The one-a-year rule and "my entries".
            models.Index(fields=["author", "outsourcer", "-created_at"], name="board_entry_author"),
            # The vetting queue, oldest first.
            models.Index(
                fields=["queued_at", "id"],
                condition=Q(queued_at__isnull=False),
                name="board_entry_queue",
            ),
            # Statistics of the last 12 months.
            models.Index(
                fields=["status", "published_at", "outsourcer", "rating"],
                name="board_entry_published",
            ),
        ]

    def __str__(self) -> str:
        return f"LWA {self.rating} → {self.outsourcer_id} ({self.author_label})"

    @property
    def status_label(self) -> str:
        return str(EntryStatus(self.status).label)


class EntryEvent(HistoryEvent):
    """One row per change of an entry: its timeline, and the audit of vetting."""

    entry = models.ForeignKey(LWAEntry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=EntryAction.choices)
    from_status = models.CharField(max_length=20, blank=True, choices=EntryStatus.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=EntryStatus.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("entry event")
        verbose_name_plural = _("entry history")

    def __str__(self) -> str:
        return f"{self.entry_id} {self.action}"


def _evidence_path(instance: NonPaymentEvidence, filename: str) -> str:
    # A random folder: the file's address must not be guessable (the evidence is private).
    import uuid

    return f"board/evidence/{uuid.uuid4().hex}/{filename}"


class NonPaymentReport(TimeStampedModel):
    """A provider's report that an outsourcer has not paid (FAQ 2.5), attached to an LWA
    entry of 1 or 2. Its details are for staff, the author and the outsourcer only."""

    entry = models.OneToOneField(
        LWAEntry, on_delete=models.PROTECT, related_name="nonpayment_report"
    )
    outsourcer = models.ForeignKey(
        Outsourcer, on_delete=models.PROTECT, related_name="nonpayment_reports"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount owed"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    due_date = models.DateField(_("payment was due on"))
    invoice_reference = models.CharField(_("invoice"), max_length=100)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NonPaymentStatus.choices,
        default=NonPaymentStatus.WAITING_FOR_ENTRY,
    )
    notified_at = models.DateTimeField(_("outsourcer notified"), null=True, blank=True)
    contest_until = models.DateTimeField(_("may be contested until"), null=True, blank=True)
    contest_reason = models.TextField(_("why it is contested"), blank=True, max_length=4000)
    contested_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(_("open since"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("staff decision"), blank=True, max_length=2000)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("non-payment report")
        verbose_name_plural = _("non-payment reports")
        indexes = [
            models.Index(fields=["outsourcer", "status"], name="board_np_outsourcer"),
            models.Index(fields=["status", "contest_until"], name="board_np_due"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} → {self.outsourcer_id}"

    @property
    def status_label(self) -> str:
        return str(NonPaymentStatus(self.status).label)


class NonPaymentEvidence(models.Model):
    """A file that backs a report or its contest: invoices, and correspondence kept as .eml
    or .msg so that staff can check it (FAQ 3.14)."""

    report = models.ForeignKey(NonPaymentReport, on_delete=models.CASCADE, related_name="evidence")
    side = models.CharField(max_length=20, choices=EvidenceSide.choices)
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name


class Watch(models.Model):
    """A user follows an outsourcer's record: they hear of each new published entry
    (FAQ 2.8, 2.10)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_watches"
    )
    outsourcer = models.ForeignKey(Outsourcer, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.UniqueConstraint(fields=["outsourcer", "user"], name="board_watch_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.outsourcer_id}"


class EntryRequest(models.Model):
    """Somebody asks others to make entries about an outsourcer (FAQ 2.6): watchers hear of
    it and it shows on the board's front page. An outsourcer may also ask its own providers
    (FAQ 3.8). Requests cannot be withdrawn (FAQ 2.7): they are sent at once."""

    outsourcer = models.ForeignKey(
        Outsourcer, on_delete=models.CASCADE, related_name="entry_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    # Set when an outsourcer asked named providers rather than everybody.
    to_providers = models.BooleanField(default=False)
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entry request")
        verbose_name_plural = _("entry requests")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="board_request_by"),
            models.Index(
                fields=["requested_by", "outsourcer", "-created_at"], name="board_request_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested_by_id} asks for entries on {self.outsourcer_id}"


class SavedSearch(models.Model):
    """A user's search of the board kept for later (FAQ 2.1)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    q = models.CharField(_("name contains"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sort = models.CharField(_("sort by"), max_length=20, default="name")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="board_saved_search_name")
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationSettings(models.Model):
    """An outsourcer's criteria for applications (FAQ 4.3.1, 4.2.4): language pairs, native
    languages, specialisations and the provider's country; empty criteria accept everybody."""

    outsourcer = models.OneToOneField(
        Outsourcer, on_delete=models.CASCADE, related_name="application_settings"
    )
    accepting = models.BooleanField(_("accepting applications"), default=False)
    native_languages = models.ManyToManyField(
        "catalog.Language", verbose_name=_("native languages"), blank=True, related_name="+"
    )
    specialisations = models.ManyToManyField(
        "catalog.Topic", verbose_name=_("specialisations"), blank=True, related_name="+"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application settings")
        verbose_name_plural = _("application settings")

    def __str__(self) -> str:
        return f"applications to {self.outsourcer_id}"


class ApplicationPair(models.Model):
    settings = models.ForeignKey(
        ApplicationSettings, on_delete=models.CASCADE, related_name="pairs"
    )
    source = models.ForeignKey("catalog.Language", on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey("catalog.Language", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "source", "target"], name="board_application_pair_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id}→{self.target_id}"


class Application(models.Model):
    """A provider asks an outsourcer for work (FAQ 4.2): once in 90 days, and not again while
    the last one waits for an answer (FAQ 4.2.3)."""

    outsourcer = models.ForeignKey(
        Outsourcer, on_delete=models.CASCADE, related_name="applications"
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_applications"
    )
    message = models.TextField(_("message"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SENT,
    )
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["provider", "outsourcer", "-created_at"], name="board_app_pair"),
            models.Index(fields=["outsourcer", "status", "-created_at"], name="board_app_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} → {self.outsourcer_id} ({self.status})"

    @property
    def status_label(self) -> str:
        return str(ApplicationStatus(self.status).label)


class WWAEntry(TimeStampedModel):
    """An outsourcer's "willingness to work again" with a provider (FAQ 2.23, 3.16): the
    LWA turned around, written by someone who speaks for the outsourcer, vetted the same way."""

    outsourcer = models.ForeignKey(Outsourcer, on_delete=models.PROTECT, related_name="wwa_given")
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wwa_received"
    )
    # A linguist's pseudonym or the partner agency's name, fixed when written.
    provider_label = models.CharField(_("provider"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("WWA"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    comment_flags = models.JSONField(default=list, blank=True)
    work_confirmed = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("WWA entry")
        verbose_name_plural = _("WWA entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="board_wwa_rating_1_5"
            )
        ]
        indexes = [
            models.Index(fields=["provider", "status", "-created_at"], name="board_wwa_provider"),
            models.Index(fields=["outsourcer", "provider", "-created_at"], name="board_wwa_pair"),
            models.Index(
                fields=["queued_at", "id"],
                condition=Q(queued_at__isnull=False),
                name="board_wwa_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"WWA {self.rating} → {self.provider_label}"

    @property
    def status_label(self) -> str:
        return str(EntryStatus(self.status).label)


class ProviderBoardSettings(models.Model):
    """A provider's choice of who sees their WWA summary (FAQ 3.11)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_settings"
    )
    summary_visibility = models.CharField(
        _("who sees my WWA summary"),
        max_length=20,
        choices=SummaryVisibility.choices,
        default=SummaryVisibility.HIDDEN,
    )

    class Meta:
        verbose_name = _("provider board settings")
        verbose_name_plural = _("provider board settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.summary_visibility}"
