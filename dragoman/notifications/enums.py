from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about; users switch e-mail off per kind.

    Later features add their kinds here (PRODUCT.md §9: one notifications module).
    """

    CONTACT_REGISTERED = "contact_registered", _("Somebody asks to join your organisation")
    ORDER_SUBMITTED = "order_submitted", _("A request was submitted")
    ORDER_QUOTED = "order_quoted", _("A quote was sent")
    QUOTE_ACCEPTED = "quote_accepted", _("A quote was accepted")
    QUOTE_REJECTED = "quote_rejected", _("A quote was rejected")
    ORDER_OFFERED = "order_offered", _("A request was offered to you")
    OFFER_ACCEPTED = "offer_accepted", _("A linguist confirmed a request")
    OFFER_DECLINED = "offer_declined", _("A linguist declined a request")
    OFFER_EXPIRED = "offer_expired", _("An offer went unanswered")
    ORDER_DELIVERED = "order_delivered", _("A request was delivered")
    ORDER_COMPLETED = "order_completed", _("A request was completed")
    ORDER_CANCELLED = "order_cancelled", _("A request was cancelled")
    ORDER_DECLINED = "order_declined", _("A request was declined")
    FILE_DELIVERED = "file_delivered", _("A file was delivered")
    PROGRESS_UPDATED = "progress_updated", _("Progress was reported")
    ORDER_REASSIGNED = "order_reassigned", _("A request was handed to you")
    BOARD_OUTSOURCER_VETTED = "board_outsourcer_vetted", _("An outsourcer you added was vetted")
    BOARD_ENTRY_VETTED = "board_entry_vetted", _("Your LWA entry was vetted")
    BOARD_ENTRY_PUBLISHED = "board_entry_published", _("A new LWA entry about an outsourcer")
    BOARD_ENTRY_REPLIED = "board_entry_replied", _("An outsourcer replied to your LWA entry")
    BOARD_ENTRY_DISPUTED = "board_entry_disputed", _("An LWA entry was disputed")
    BOARD_DISPUTE_RESOLVED = "board_dispute_resolved", _("A dispute about an LWA entry was decided")
    BOARD_AFFILIATION_REPORTED = (
        "board_affiliation_reported",
        _("Somebody reported a wrong affiliation with an outsourcer"),
    )
    BOARD_NONPAYMENT_NOTICE = "board_nonpayment_notice", _("A non-payment report")
    BOARD_NONPAYMENT_DECIDED = "board_nonpayment_decided", _("A non-payment report was decided")
    BOARD_OUTSOURCER_REVIEW = (
        "board_outsourcer_review",
        _("An outsourcer has three open non-payment reports"),
    )
    BOARD_WATCHED_ENTRY = "board_watched_entry", _("A new LWA entry about an outsourcer you watch")
    BOARD_ENTRY_REQUESTED = "board_entry_requested", _("Entries about an outsourcer are wanted")
    BOARD_APPLICATION_RECEIVED = "board_application_received", _("An application from a provider")
    BOARD_APPLICATION_ANSWERED = "board_application_answered", _("An answer to your application")
    BOARD_WWA_VETTED = "board_wwa_vetted", _("Your WWA entry was vetted")
    BOARD_WWA_RECEIVED = "board_wwa_received", _("An outsourcer rated working with you again")
    CHAT_OPEN = "chat_open", _("The chat of an event opened")
    CHAT_ADMIN_INVITED = "chat_admin_invited", _("An administrator is asked to join a conversation")
    CONVERSATION_STARTED = "conversation_started", _("A customer started a conversation")
    CONVERSATION_MESSAGES = "conversation_messages", _("Unread messages in your conversations")
    PROPOSAL_ANSWERED = "proposal_answered", _("A customer answered your proposal")
