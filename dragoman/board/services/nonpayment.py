"""Non-payment reports (FAQ 2.5): evidence, notice, contest, decisions, and the suspension of
records that do not pay (FAQ 1.6, 1.7).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board.enums import (
    LIVE_NONPAYMENT_STATUSES,
    EntryAction,
    EntryStatus,
    EvidenceSide,
    NonPaymentStatus,
    OutsourcerStatus,
)
from dragoman.board.models import (
    LWAEntry,
    NonPaymentEvidence,
    NonPaymentReport,
    Outsourcer,
)
from dragoman.board.permissions import is_affiliated
from dragoman.board.services._common import (
    _entry_event,
    _reason,
    _record_link,
    _require_staff,
    affiliated_users,
    outsourcer_figures_refresh,
    stats_changed,
)
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.selectors import staff_users

NONPAYMENT_RATINGS = (1, 2)
REVIEW_AUTHORS = 3
EVIDENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".eml", ".msg", ".txt", ".docx", ".xlsx")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _add_evidence(report: NonPaymentReport, *, by: User, side: str, files: Iterable[Any]) -> None:
    errors: list[str] = []
    files = list(files or ())
    for upload in files:
        name = str(getattr(upload, "name", "") or "file")
        if not name.lower().endswith(EVIDENCE_EXTENSIONS):
            errors.append(
                _("%(name)s: send PDF, images, documents or e-mails saved as .eml or .msg.")
                % {"name": name}
            )
        elif (getattr(upload, "size", 0) or 0) > EVIDENCE_MAX_BYTES:
            errors.append(_("%(name)s is larger than 10 MB.") % {"name": name})
    if errors:
        raise ValidationFailed(" ".join(errors), fields={"evidence": errors})
    for upload in files:
        NonPaymentEvidence.objects.create(
            report=report,
            side=side,
            file=upload,
            name=str(upload.name)[:200],
            uploaded_by=by if getattr(by, "pk", None) else None,
        )


def nonpayment_refresh(*, outsourcer: Outsourcer) -> Outsourcer:
    """Recount the open reports of an outsourcer. When three different providers have one
    open, staff are asked to review the outsourcer (FAQ 1.7), once until the count drops."""
    Outsourcer.objects.select_for_update().filter(pk=outsourcer.pk).values_list("pk").first()
    open_reports = NonPaymentReport.objects.filter(
        outsourcer_id=outsourcer.pk, status=NonPaymentStatus.OPEN
    )
    count = open_reports.count()
    authors = open_reports.values("author_id").distinct().count()
    review = outsourcer.review_requested_at
    if authors >= REVIEW_AUTHORS and review is None:
        review = timezone.now()
        notify(
            recipients=staff_users(),
            kind=NotificationKind.BOARD_OUTSOURCER_REVIEW,
            title=_("%(name)s has open non-payment reports from %(n)s providers: review it.")
            % {"name": outsourcer.name, "n": authors},
            link=_record_link(outsourcer.pk),
        )
        audit.record(actor=None, action="board.outsourcer.review_requested", target=outsourcer)
    elif authors < REVIEW_AUTHORS:
        review = None
    outsourcer.open_nonpayment_count = count
    outsourcer.review_requested_at = review
    Outsourcer.objects.filter(pk=outsourcer.pk).update(
        open_nonpayment_count=count, review_requested_at=review
    )
    stats_changed()
    transaction.on_commit(stats_changed)
    return outsourcer


def _nonpayment_notice(report: NonPaymentReport) -> None:
    """FAQ 3.15 / 5.1: the outsourcer hears of the report before it counts and may contest
    it for ``BOARD_NONPAYMENT_CONTEST_DAYS``."""
    from django.conf import settings

    now = timezone.now()
    report.status = NonPaymentStatus.NOTICE
    report.notified_at = now
    report.contest_until = now + timedelta(days=settings.BOARD_NONPAYMENT_CONTEST_DAYS)
    report.save(update_fields=["status", "notified_at", "contest_until", "updated_at"])
    outsourcer = report.outsourcer
    notify(
        recipients=affiliated_users(outsourcer),
        kind=NotificationKind.BOARD_NONPAYMENT_NOTICE,
        title=_(
            "A provider reports that %(name)s has not paid %(amount)s %(currency)s. You may "
            "contest it until %(date)s, before it is made public."
        )
        % {
            "name": outsourcer.name,
            "amount": report.amount,
            "currency": report.currency,
            "date": timezone.localdate(report.contest_until).isoformat(),
        },
        link=reverse("board_nonpayment", args=[outsourcer.pk]),
    )
    audit.record(actor=None, action="board.nonpayment.notified", target=report)


def nonpayment_entry_changed(*, entry: LWAEntry) -> None:
    """Called when an entry is published or removed: its report starts its notice, or is
    withdrawn with it."""
    report = NonPaymentReport.objects.filter(entry_id=entry.pk).select_related("outsourcer").first()
    if report is None:
        return
    if (
        entry.status == EntryStatus.PUBLISHED
        and report.status == NonPaymentStatus.WAITING_FOR_ENTRY
    ):
        _nonpayment_notice(report)
    elif entry.status in (EntryStatus.REJECTED, EntryStatus.DELETED) and (
        report.status in LIVE_NONPAYMENT_STATUSES
    ):
        report.status = NonPaymentStatus.WITHDRAWN
        report.save(update_fields=["status", "updated_at"])
        nonpayment_refresh(outsourcer=report.outsourcer)


@transaction.atomic
def nonpayment_report_create(
    *,
    by: User,
    entry: LWAEntry,
    amount: Any,
    currency: str,
    due_date: Any,
    invoice_reference: str,
    evidence: Iterable[Any] = (),
) -> NonPaymentReport:
    """The author of an entry of 1 or 2 reports that the outsourcer has not paid (FAQ 2.5).

    Offered only with a low LWA; one report per entry. It waits for the entry's vetting,
    then the outsourcer is notified and may contest it (FAQ 3.15); it counts as open only
    afterwards. Evidence files are optional.
    """
    entry = LWAEntry.objects.select_for_update().select_related("outsourcer").get(pk=entry.pk)
    if entry.author_id != by.pk:
        raise Forbidden(_("Only the entry's author reports a non-payment."), code="not_author")
    if entry.rating not in NONPAYMENT_RATINGS:
        raise Conflict(
            _("A non-payment report goes with an LWA of 1 or 2."), code="rating_too_high"
        )
    if entry.status not in (EntryStatus.PENDING, EntryStatus.PUBLISHED):
        raise Conflict(_("This entry can no longer carry a report."), code="entry_not_live")
    if NonPaymentReport.objects.filter(entry_id=entry.pk).exists():
        raise Conflict(_("This entry already has a non-payment report."), code="already_reported")
    errors: dict[str, list[str]] = {}
    try:
        from decimal import Decimal, InvalidOperation

        amount = Decimal(str(amount))
        if amount <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["amount"] = [_("Give the amount owed.")]
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = [_("Give a three-letter currency code such as EUR.")]
    if due_date is None:
        errors["due_date"] = [_("Give the date the payment was due.")]
    elif due_date > timezone.localdate():
        errors["due_date"] = [_("The payment is not due yet.")]
    invoice_reference = (invoice_reference or "").strip()
    if not invoice_reference:
        errors["invoice_reference"] = [_("Give the invoice number.")]
    if errors:
        raise ValidationFailed(
            " ".join(m for messages in errors.values() for m in messages), fields=errors
        )
    report = NonPaymentReport.objects.create(
        entry=entry,
        outsourcer=entry.outsourcer,
        author=by,
        amount=amount,
        currency=currency,
        due_date=due_date,
        invoice_reference=invoice_reference[:100],
    )
    _add_evidence(report, by=by, side=EvidenceSide.AUTHOR, files=evidence)
    audit.record(actor=by, action="board.nonpayment.created", target=report)
    if entry.status == EntryStatus.PUBLISHED:
        _nonpayment_notice(report)
    return report


@transaction.atomic
def nonpayment_reports_open_due() -> int:
    """Reports whose contest window passed uncontested become open (a periodic task; safe to
    run twice). Returns how many opened."""
    now = timezone.now()
    due = list(
        NonPaymentReport.objects.select_for_update()
        .filter(status=NonPaymentStatus.NOTICE, contest_until__lte=now)
        .select_related("outsourcer")
    )
    for report in due:
        report.status = NonPaymentStatus.OPEN
        report.opened_at = now
        report.save(update_fields=["status", "opened_at", "updated_at"])
        audit.record(actor=None, action="board.nonpayment.opened", target=report)
    for outsourcer in {report.outsourcer_id: report.outsourcer for report in due}.values():
        nonpayment_refresh(outsourcer=outsourcer)
    return len(due)


@transaction.atomic
def nonpayment_contest(
    *, by: User, report: NonPaymentReport, reason: str, evidence: Iterable[Any] = ()
) -> NonPaymentReport:
    """The outsourcer contests a report within the window, with the correspondence that
    shows it breaks the rules or is no longer valid (FAQ 3.14, 3.15); staff decide."""
    report = (
        NonPaymentReport.objects.select_for_update().select_related("outsourcer").get(pk=report.pk)
    )
    if not is_affiliated(actor_for(by), report.outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer contest its reports."),
            code="not_affiliated",
        )
    if (
        report.status != NonPaymentStatus.NOTICE
        or report.contest_until is None
        or timezone.now() >= report.contest_until
    ):
        raise Conflict(
            _("This report can no longer be contested; ask staff for help."),
            code="contest_closed",
        )
    report.contest_reason = _reason(reason)
    report.contested_at = timezone.now()
    report.status = NonPaymentStatus.CONTESTED
    report.save()
    _add_evidence(report, by=by, side=EvidenceSide.OUTSOURCER, files=evidence)
    audit.record(actor=by, action="board.nonpayment.contested", target=report)
    notify(
        recipients=staff_users(),
        kind=NotificationKind.BOARD_NONPAYMENT_NOTICE,
        title=_("%(name)s contests a non-payment report.") % {"name": report.outsourcer.name},
        body=report.contest_reason,
        link=reverse("board_nonpayment", args=[report.outsourcer_id]),
    )
    return report


@transaction.atomic
def nonpayment_contest_decide(
    *, by: User, report: NonPaymentReport, uphold: bool, note: str = ""
) -> NonPaymentReport:
    """Staff decide a contest: an upheld contest withdraws the report, otherwise it opens."""
    _require_staff(by)
    report = (
        NonPaymentReport.objects.select_for_update().select_related("outsourcer").get(pk=report.pk)
    )
    if report.status != NonPaymentStatus.CONTESTED:
        raise Conflict(_("This report is not contested."), code="not_contested")
    if uphold:
        note = _reason(note, field="note")
    report.status = NonPaymentStatus.WITHDRAWN if uphold else NonPaymentStatus.OPEN
    if not uphold:
        report.opened_at = timezone.now()
    report.decided_by = by
    report.decision_note = note.strip()
    report.save()
    audit.record(
        actor=by,
        action="board.nonpayment.withdrawn" if uphold else "board.nonpayment.opened",
        target=report,
        changes={"note": note} if note else None,
    )
    nonpayment_refresh(outsourcer=report.outsourcer)
    notify(
        recipients=[report.author, *affiliated_users(report.outsourcer)],
        kind=NotificationKind.BOARD_NONPAYMENT_DECIDED,
        title=(
            _("The non-payment report about %(name)s is withdrawn.")
            if uphold
            else _("The non-payment report about %(name)s is open.")
        )
        % {"name": report.outsourcer.name},
        body=note,
        link=reverse("board_nonpayment", args=[report.outsourcer_id]),
    )
    return report


@transaction.atomic
def nonpayment_mark_paid(*, by: User, report: NonPaymentReport) -> NonPaymentReport:
    """The author confirms they were paid in full (FAQ 2.5: providers must say so when it
    happens). The report closes and its entry leaves the record, so that the author may
    write a new entry on the present situation (FAQ 2.5 note)."""
    report = (
        NonPaymentReport.objects.select_for_update().select_related("outsourcer").get(pk=report.pk)
    )
    if report.author_id != by.pk:
        raise Forbidden(_("Only the author marks a report paid."), code="not_author")
    if report.status not in LIVE_NONPAYMENT_STATUSES:
        raise Conflict(_("This report is already closed."), code="report_closed")
    report.status = NonPaymentStatus.PAID
    report.paid_at = timezone.now()
    report.save(update_fields=["status", "paid_at", "updated_at"])
    audit.record(actor=by, action="board.nonpayment.paid", target=report)
    entry = LWAEntry.objects.select_for_update().get(pk=report.entry_id)
    if entry.status != EntryStatus.DELETED:
        before = entry.status
        entry.status = EntryStatus.DELETED
        entry.status_reason = _("Removed when the author confirmed payment in full.")
        entry.queued_at = None
        entry.save()
        _entry_event(entry, by=by, action=EntryAction.PAID, before=before)
        outsourcer_figures_refresh(outsourcer=report.outsourcer)
    nonpayment_refresh(outsourcer=report.outsourcer)
    notify(
        recipients=affiliated_users(report.outsourcer),
        kind=NotificationKind.BOARD_NONPAYMENT_DECIDED,
        title=_("The provider confirmed payment: the report about %(name)s is closed.")
        % {"name": report.outsourcer.name},
        link=_record_link(report.outsourcer_id),
    )
    return report


@transaction.atomic
def outsourcer_suspend(*, by: User, outsourcer: Outsourcer, reason: str) -> Outsourcer:
    """Staff suspend an outsourcer from posting work after a review (FAQ 1.6, 1.7); the record
    stays public with a note."""
    _require_staff(by)
    if outsourcer.status != OutsourcerStatus.PUBLISHED:
        raise Conflict(_("Only a published record can be suspended."), code="not_published")
    outsourcer.status = OutsourcerStatus.SUSPENDED
    outsourcer.suspension_reason = _reason(reason)
    outsourcer.save(update_fields=["status", "suspension_reason", "updated_at"])
    transaction.on_commit(stats_changed)
    audit.record(
        actor=by, action="board.outsourcer.suspended", target=outsourcer, changes={"reason": reason}
    )
    return outsourcer


@transaction.atomic
def outsourcer_reinstate(*, by: User, outsourcer: Outsourcer) -> Outsourcer:
    """Staff lift a suspension."""
    _require_staff(by)
    if outsourcer.status != OutsourcerStatus.SUSPENDED:
        raise Conflict(_("This record is not suspended."), code="not_suspended")
    outsourcer.status = OutsourcerStatus.PUBLISHED
    outsourcer.suspension_reason = ""
    outsourcer.save(update_fields=["status", "suspension_reason", "updated_at"])
    audit.record(actor=by, action="board.outsourcer.reinstated", target=outsourcer)
    return outsourcer
