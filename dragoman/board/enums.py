from django.db import models
from django.utils.translation import gettext_lazy as _


class OutsourcerStatus(models.TextChoices):
    """An outsourcer record is vetted before it shows (Blue Board FAQ 2.12)."""

    PENDING = "pending", _("Waiting for vetting")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    # FAQ 1.7: after three unpaid reports staff may suspend the outsourcer from posting work;
    # the record itself stays public with a note.
    SUSPENDED = "suspended", _("Suspended from posting work")


# Statuses of a record that everybody logged in may see.
PUBLIC_OUTSOURCER_STATUSES = (OutsourcerStatus.PUBLISHED, OutsourcerStatus.SUSPENDED)


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for vetting")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    # FAQ 2.22: an entry whose correction was asked for stays hidden from the public until a
    # moderator vets the correction; the published text is kept apart until then.
    EDIT_PENDING = "edit_pending", _("Correction waiting for vetting")
    # FAQ 2.22: an entry the outsourcer disputed is hidden until staff finish the review.
    DISPUTED = "disputed", _("Hidden while a dispute is reviewed")
    DELETED = "deleted", _("Deleted")


class EntryAction(models.TextChoices):
    """What happened to an entry: its timeline and audit trail (one EntryEvent each)."""

    SUBMITTED = "submitted", _("submitted the entry")
    EDITED = "edited", _("asked for a correction")
    APPROVED = "approved", _("approved the entry")
    REJECTED = "rejected", _("rejected the entry")
    EDIT_APPROVED = "edit_approved", _("approved the correction")
    EDIT_REJECTED = "edit_rejected", _("rejected the correction")
    REPLIED = "replied", _("replied")
    DISPUTED = "disputed", _("disputed the entry")
    DISPUTE_UPHELD = "dispute_upheld", _("upheld the dispute and removed the entry")
    DISPUTE_DISMISSED = "dispute_dismissed", _("dismissed the dispute")
    PAID = "paid", _("confirmed payment in full; the entry was removed")
    DELETION_ASKED = "deletion_asked", _("asked for the entry to be deleted")
    DELETED = "deleted", _("deleted the entry on request")
    REPLY_HIDDEN = "reply_hidden", _("hid the reply")


class AuthorKind(models.TextChoices):
    """Who may write LWA entries: service providers (PRODUCT.md §8)."""

    LINGUIST = "linguist", _("Linguist")
    PARTNER = "partner", _("Partner agency")


class CommentFlag(models.TextChoices):
    """What a vetter should look at in a comment (FAQ 1.3 and 3.1). Never a refusal: the text
    is kept as typed and staff decide."""

    LINK = "link", _("Contains a link or an e-mail address")
    ADVERTISING = "advertising", _("May contain advertising")
    CONTACT_PRIVATELY = "contact_privately", _("Only asks readers to get in touch privately")


class StatsPeriod(models.TextChoices):
    ALL_TIME = "all", _("All time")
    LAST_12_MONTHS = "12m", _("Last 12 months")


class SearchSort(models.TextChoices):
    NAME = "name", _("Name")
    AVERAGE = "average", _("Average LWA")


class NonPaymentStatus(models.TextChoices):
    """A non-payment report (FAQ 2.5, 3.14, 3.15, 5.1)."""

    # The entry it belongs to still waits for vetting.
    WAITING_FOR_ENTRY = "waiting_for_entry", _("Waiting for the entry to be vetted")
    # The outsourcer was told and may contest it before it counts (FAQ 3.15).
    NOTICE = "notice", _("The outsourcer was notified")
    CONTESTED = "contested", _("Contested by the outsourcer; staff decide")
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Reports that may still become open, or are.
LIVE_NONPAYMENT_STATUSES = (
    NonPaymentStatus.WAITING_FOR_ENTRY,
    NonPaymentStatus.NOTICE,
    NonPaymentStatus.CONTESTED,
    NonPaymentStatus.OPEN,
)


class EvidenceSide(models.TextChoices):
    AUTHOR = "author", _("The provider")
    OUTSOURCER = "outsourcer", _("The outsourcer")


class ApplicationStatus(models.TextChoices):
    """An application of a provider to an outsourcer (Blue Board FAQ section 4)."""

    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SummaryVisibility(models.TextChoices):
    """Who sees a provider's WWA summary (FAQ 3.11: hidden by default, then the owner only,
    then everybody)."""

    HIDDEN = "hidden", _("Hidden, also from me")
    OWNER = "owner", _("Shown to me only")
    EVERYONE = "everyone", _("Shown to everybody")
