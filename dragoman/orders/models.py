from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dragoman.core.models import HistoryEvent, TimeStampedModel
from dragoman.orders.enums import (
    FileKind,
    MeetingPlatform,
    OrderAction,
    OrderStatus,
    QuoteStatus,
    QuoteUnit,
)


class Order(TimeStampedModel):
    """A request for interpreting at an event or for translating documents ("заявка")."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="orders"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    source_language = models.ForeignKey(
        "catalog.Language", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    target_language = models.ForeignKey(
        "catalog.Language", verbose_name=_("into"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(
        "catalog.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+"
    )
    # Interpreting: when and how long. Stored in UTC; ``time_zone`` is the event's own.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("planned duration (minutes)"), null=True, blank=True
    )
    time_zone = models.CharField(_("time zone of the event"), max_length=64, default="UTC")
    # Translation: by when.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    meeting_platform = models.CharField(
        _("meeting platform"), max_length=20, choices=MeetingPlatform.choices, blank=True
    )
    meeting_link = models.URLField(_("meeting link"), blank=True, max_length=500)
    technical_support = models.BooleanField(_("technical support wanted"), default=False)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    # The linguist the request is offered to or confirmed by; clients see only the pseudonym.
    linguist = models.ForeignKey(
        "linguists.LinguistProfile",
        verbose_name=_("linguist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    # Set by the linguist while the work is in progress; everybody who sees the order sees it.
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    progress_note = models.CharField(_("progress note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["organisation", "status", "-created_at"]),
            models.Index(fields=["requester", "status"]),
            # The list pages: newest first within an organisation or of one requester, and
            # the "event or deadline between" filter (an order has one or the other).
            models.Index(fields=["organisation", "-created_at", "-id"], name="orders_org_newest"),
            models.Index(fields=["requester", "-created_at", "-id"], name="orders_req_newest"),
            models.Index(
                F("organisation"),
                F("status"),
                Coalesce("starts_at", "deadline"),
                name="orders_org_status_when",
            ),
            models.Index(
                F("organisation"), Coalesce("starts_at", "deadline"), name="orders_org_when"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def status_label(self) -> str:
        """The status in the reader's language. Cheaper than ``get_status_display``, which
        hashes every translated choice on each call (16 ms for a list of 50)."""
        return str(OrderStatus(self.status).label)


class OrderEvent(HistoryEvent):
    """One row per change of an order: its history on the page, and input of statistics."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40, choices=OrderAction.choices)
    from_status = models.CharField(
        _("from"), max_length=20, blank=True, choices=OrderStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=20, blank=True, choices=OrderStatus.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("request event")
        verbose_name_plural = _("request history")

    def __str__(self) -> str:
        return f"{self.order_id} {self.action} {self.from_status}→{self.to_status}"


class Quote(TimeStampedModel):
    """A price offer for an order. Accepting it starts the work; a rejected one is revised
    by sending a new quote (the older ones stay in the history as superseded)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="quotes")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.SENT
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    note = models.TextField(_("note"), blank=True, max_length=2000)
    answer_note = models.TextField(_("answer"), blank=True, max_length=2000)
    # Empty when Dragoman wrote the quote itself (a marketplace proposal that was accepted).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="orders_quote_number"),
        ]

    def __str__(self) -> str:
        return f"#{self.order_id}-Q{self.number}"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=QuoteUnit.choices)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


def order_file_key(instance: OrderFile, filename: str) -> str:
    """The storage key of an uploaded file: the order and a random name, never the original
    name (which may say more than its owner wants a storage listing to say, and could be
    guessed). The original name is kept in ``OrderFile.name``."""
    return f"orders/{instance.order_id}/{uuid.uuid4().hex}"


class OrderFile(models.Model):
    """A file of an order: the client's source and reference files, the linguist's
    deliverables. Stored through Django's storage API and downloaded only through a view
    that checks the reader's rights (never by a public URL)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=order_file_key, max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request file")
        verbose_name_plural = _("request files")
        indexes = [models.Index(fields=["order", "kind", "created_at"])]

    def __str__(self) -> str:
        return self.name
