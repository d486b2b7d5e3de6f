"""Conversations (PRODUCT.md §3): a request's chat between its client side and its linguist,
and the marketplace's conversations between a customer and a provider.

A message is written to the database before anybody hears of it; each conversation numbers
its messages 1, 2, 3… without gaps (``seq``, taken under a row lock of the conversation), so
a client that missed something asks for ``after=<seq>`` and gets exactly the rest.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from dragoman.conversations.enums import (
    ConversationKind,
    ConversationStatus,
    InvitationStatus,
    MessageKind,
    ProposalStatus,
    Side,
)
from dragoman.core.models import TimeStampedModel


class ProviderProfile(TimeStampedModel):
    """A provider's public page in the marketplace directory: a partner agency, or a linguist
    who chose to be listed (shown by pseudonym only)."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="provider_profile",
    )
    linguist = models.OneToOneField(
        "linguists.LinguistProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="provider_profile",
    )
    display_name = models.CharField(_("name"), max_length=200)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    description = models.TextField(_("about"), blank=True, max_length=5000)
    website = models.URLField(_("website"), blank=True)
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="+")
    languages = models.ManyToManyField("catalog.Language", blank=True, related_name="+")
    is_public = models.BooleanField(_("listed in the directory"), default=True)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, linguist__isnull=True)
                | Q(organisation__isnull=True, linguist__isnull=False),
                name="provider_is_agency_or_linguist",
            )
        ]

    def __str__(self) -> str:
        return self.display_name


class Conversation(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.OPEN,
    )
    subject = models.CharField(_("subject"), max_length=200)
    # A request's conversation (kind "order").
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    # A marketplace conversation (kind "market"): the customer who started it, their
    # organisation, and the provider they wrote to.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    customer_organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        ProviderProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    # Writing is refused before this moment (an event's chat opens 15 minutes before it).
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    reminder_posted_at = models.DateTimeField(null=True, blank=True)
    # The highest ``seq`` given; the next message takes last_seq + 1 under a row lock.
    last_seq = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["provider", "-last_message_at"])]

    def __str__(self) -> str:
        return self.subject


class Participant(models.Model):
    """Someone in a conversation: whose sockets hear its messages, how far they have read,
    whether they may write. Rights are re-checked against the rules on every action; the
    row is the delivery list and the read state."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    can_write = models.BooleanField(default=True)
    last_read_seq = models.PositiveIntegerField(default=0)
    # E-mail: the highest seq already e-mailed about, and when the last digest went out.
    emailed_seq = models.PositiveIntegerField(default=0)
    last_email_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_seat_per_person")
        ]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


def attachment_key(instance: Attachment, filename: str) -> str:
    # A random name: the stored path says nothing about who sent what.
    return f"conversations/{instance.conversation_id}/{uuid.uuid4().hex}"


def thumbnail_key(instance: Attachment, filename: str) -> str:
    return f"conversations/{instance.conversation_id}/thumbs/{uuid.uuid4().hex}.jpg"


class Attachment(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=attachment_key, max_length=255)
    thumbnail = models.FileField(upload_to=thumbnail_key, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


class Proposal(TimeStampedModel):
    """A provider's offer in a marketplace conversation: scope, price, deadline. Accepting it
    creates a request (orders) already quoted at that price."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope = models.TextField(_("scope"), max_length=4000)
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    source_language = models.ForeignKey(
        "catalog.Language", on_delete=models.PROTECT, related_name="+"
    )
    target_language = models.ForeignKey(
        "catalog.Language", on_delete=models.PROTECT, related_name="+"
    )
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    # Translation: the delivery deadline; interpreting: when the event starts, and how long.
    deadline = models.DateTimeField(_("deadline"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.price} {self.currency}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=MessageKind.choices, default=MessageKind.TEXT)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    # What the sender typed, stored as typed; ``masked`` is the same text with contact
    # details hidden, which the other side reads (computed once, when it is sent).
    body = models.TextField(blank=True)
    masked = models.TextField(blank=True)
    hidden_contacts = models.PositiveSmallIntegerField(default=0)
    # Set by the sending client; a retry with the same id returns this message.
    client_id = models.CharField(max_length=64, blank=True)
    # System messages: what happened (SystemEvent) and its values, translated when shown.
    event = models.CharField(max_length=24, blank=True)
    data = models.JSONField(default=dict, blank=True)
    attachment = models.OneToOneField(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="message"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="one_message_per_seq"),
            models.UniqueConstraint(
                fields=["sender", "client_id"],
                condition=~Q(client_id=""),
                name="one_message_per_client_id",
            ),
        ]
        # The flood check counts a person's messages of the last seconds.
        indexes = [models.Index(fields=["sender", "created_at"])]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"


class AdminInvitation(models.Model):
    """Either side asked for an administrator; staff see the queue and one of them joins."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.status}"


class Tag(TimeStampedModel):
    """A label an organisation puts on its conversations; shared by all its members."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="conversation_tags"
    )
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="one_tag_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConversationTag(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="tag_links"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "tag"], name="tag_once_per_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.tag_id}"


class Block(models.Model):
    """A provider blocked a customer organisation: for good (it cannot be undone)."""

    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="blocks")
    customer_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "customer_organisation"], name="one_block_per_customer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} blocks {self.customer_organisation_id}"
