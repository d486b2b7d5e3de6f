from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConversationKind(models.TextChoices):
    ORDER = "order", _("Request conversation")
    MARKET = "market", _("Marketplace conversation")


class ConversationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    BLOCKED = "blocked", _("Blocked")


class Side(models.TextChoices):
    """Which side of a conversation a person writes for. Contact details are masked for the
    other side (PRODUCT.md §3); staff see everything as written."""

    CLIENT = "client", _("client")
    LINGUIST = "linguist", _("linguist")
    CUSTOMER = "customer", _("customer")
    PROVIDER = "provider", _("provider")
    STAFF = "staff", _("Dragoman staff")
    SYSTEM = "system", _("Dragoman")


class MessageKind(models.TextChoices):
    TEXT = "text", _("Message")
    ATTACHMENT = "attachment", _("Attachment")
    SYSTEM = "system", _("System message")
    PROPOSAL = "proposal", _("Proposal")


class SystemEvent(models.TextChoices):
    """What a system message says; the text is made in the reader's language when shown."""

    OPENED = "opened", _("The conversation is open.")
    REMINDER = "reminder", _("The event starts in %(minutes)s minutes: the chat is open.")
    STATUS = "status", _("The request is now “%(status)s”.")
    ADMIN_INVITED = "admin_invited", _("%(name)s invited an administrator.")
    ADMIN_JOINED = "admin_joined", _("%(name)s (Dragoman staff) joined the conversation.")
    PROPOSAL_SENT = "proposal_sent", _("%(name)s sent a proposal.")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("%(name)s accepted the proposal.")
    PROPOSAL_REJECTED = "proposal_rejected", _("%(name)s rejected the proposal.")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("%(name)s withdrew the proposal.")
    DECLINED = "declined", _("%(name)s declined this request.")
    BLOCKED = "blocked", _("The provider blocked this customer; no more messages can be sent.")
    CLOSED = "closed", _("The conversation is closed.")


class ProposalStatus(models.TextChoices):
    # A context of their own: "Accepted" of a proposal is not "Accepted" of a quote in
    # languages whose words have genders.
    OPEN = "open", pgettext_lazy("proposal", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
    REJECTED = "rejected", pgettext_lazy("proposal", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal", "Withdrawn")
    CLOSED = "closed", pgettext_lazy("proposal", "Closed")


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an administrator")
    JOINED = "joined", _("An administrator joined")


class ErrorCode(models.TextChoices):
    """The ``code`` of every refusal, on the socket and in REST alike."""

    EMPTY = "empty_message", _("The message is empty.")
    TOO_LONG = "message_too_long", _("The message is too long.")
    NOT_FOUND = "not_found", _("No such conversation.")
    READ_ONLY = "read_only", _("You may read this conversation but not write in it.")
    CLOSED = "conversation_closed", _("The conversation is closed.")
    BLOCKED = "blocked", _("The provider blocked you.")
    NOT_OPEN_YET = "not_open_yet", _("The conversation is not open yet.")
    RATE_LIMITED = "rate_limited", _("Too many messages.")
    BAD_CLIENT_ID = "bad_client_id", _("Bad client_id.")
    PROVIDER_FIRST = "customer_writes_first", _("The customer writes first.")
