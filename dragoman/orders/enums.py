from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted, waiting for a linguist")
    ASSIGNED = "assigned", _("Offered to a linguist")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    OrderStatus.DRAFT,
    OrderStatus.SUBMITTED,
    OrderStatus.QUOTED,
    OrderStatus.ACCEPTED,
    OrderStatus.ASSIGNED,
    OrderStatus.IN_PROGRESS,
    OrderStatus.DELIVERED,
)


class MeetingPlatform(models.TextChoices):
    DRAGOMAN = "dragoman", _("In Dragoman")
    ZOOM = "zoom", _("Zoom")
    TEAMS = "teams", _("Microsoft Teams")
    MYOWNCONFERENCE = "myownconference", _("MyOwnConference")
    OTHER = "other", _("Other")


class Party(models.TextChoices):
    """Who may take an action of the state machine."""

    OWNER = "owner", _("the requester or a manager of the organisation")
    STAFF = "staff", _("platform staff")
    LINGUIST = "linguist", _("the assigned linguist")
    PARTNER = "partner", _("the partner agency that brought the client")


class QuoteStatus(models.TextChoices):
    SENT = "sent", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a newer quote")


class QuoteUnit(models.TextChoices):
    HOUR = "hour", _("hour")
    DAY = "day", _("day")
    PAGE = "page", _("page")
    WORD = "word", _("word")
    EVENT = "event", _("event")
    ITEM = "item", _("item")


class FileKind(models.TextChoices):
    SOURCE = "source", _("Source file")
    REFERENCE = "reference", _("Reference material")
    DELIVERABLE = "deliverable", _("Deliverable")


class OrderAction(models.TextChoices):
    """Every kind of row in an order's history. The label is what the row says on the
    request page and in the API ("label"), after the name of who did it."""

    CREATE = "create", _("created the request")
    UPDATE = "update", _("changed the request")
    SUBMIT = "submit", _("submitted the request")
    QUOTE = "quote", _("sent a quote")
    ACCEPT_QUOTE = "accept_quote", _("accepted the quote")
    REJECT_QUOTE = "reject_quote", _("rejected the quote")
    OFFER = "offer", _("offered the request to a linguist")
    ACCEPT_OFFER = "accept_offer", _("accepted the offer")
    DECLINE_OFFER = "decline_offer", _("declined the offer")
    DELIVER = "deliver", _("delivered the work")
    COMPLETE = "complete", _("marked the request completed")
    DECLINE = "decline", _("declined the request")
    CANCEL = "cancel", _("cancelled the request")
    REASSIGN = "reassign", _("handed the request to another contact")
    FILE_ADDED = "file_added", _("added a file")
    FILE_DELIVERED = "file_delivered", _("delivered a file")
    FILE_REMOVED = "file_removed", _("removed a file")
    PROGRESS = "progress", _("updated the progress")
