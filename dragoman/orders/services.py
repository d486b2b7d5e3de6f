"""Changes to orders. Every status change goes through ``order_transition``."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.catalog.enums import ServiceKind
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed, from_django_validation
from dragoman.core.permissions import actor_for
from dragoman.orders import hooks
from dragoman.orders.enums import (
    FileKind,
    OrderAction,
    OrderStatus,
    Party,
    QuoteStatus,
    QuoteUnit,
)
from dragoman.orders.machine import TRANSITIONS
from dragoman.orders.models import Order, OrderEvent, OrderFile, Quote, QuoteLine
from dragoman.orders.permissions import (
    can_create_order,
    edit_open,
    may_edit,
    may_set_progress,
    may_upload_kind,
    order_parties,
    removal_open,
    upload_open,
)
from dragoman.orders.uploads import check_upload, clean_file_name
from dragoman.orgs.models import Membership

ORDER_FIELDS = (
    "title",
    "service",
    "source_language",
    "target_language",
    "topic",
    "starts_at",
    "duration_minutes",
    "time_zone",
    "deadline",
    "meeting_platform",
    "meeting_link",
    "technical_support",
    "notes",
)


def _validate(order: Order, *, requester: Any) -> None:
    """The rules of a well-formed request (PRODUCT.md §2, PIE seed)."""
    errors: dict[str, list[str]] = {}
    service: Service = order.service
    if not service.is_active:
        errors["service"] = [_("This service is not offered.")]
    membership = Membership.objects.filter(user=requester).first()
    if membership is not None and not membership.allowed_services.filter(pk=service.pk).exists():
        errors["service"] = [
            _("Your manager has not allowed you to order %(service)s.") % {"service": service}
        ]
    if order.source_language_id == order.target_language_id:
        errors["target_language"] = [_("Choose two different languages.")]
    for field in ("source_language", "target_language"):
        language: Language = getattr(order, field)
        if not language.is_active:
            errors[field] = [_("This language is not in use.")]
    if not order.topic.is_active:
        errors["topic"] = [_("This topic is no longer in use.")]
    try:
        zoneinfo.ZoneInfo(order.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = [_("Unknown time zone.")]
    now = timezone.now()
    if service.kind == ServiceKind.INTERPRETING:
        if order.starts_at is None:
            errors["starts_at"] = [_("An event needs a start date and time.")]
        elif order.starts_at <= now and order._state.adding:
            errors["starts_at"] = [_("The event must start in the future.")]
        if not order.duration_minutes:
            errors["duration_minutes"] = [_("An event needs a planned duration.")]
        elif order.duration_minutes > 24 * 60:
            errors["duration_minutes"] = [_("An event lasts at most 24 hours.")]
    elif service.kind == ServiceKind.TRANSLATION:
        if order.deadline is None:
            errors["deadline"] = [_("A translation needs a deadline.")]
        elif order.deadline <= now and order._state.adding:
            errors["deadline"] = [_("The deadline must be in the future.")]
    if order.meeting_link and not order.meeting_platform:
        order.meeting_platform = "other"
    if errors:
        raise ValidationFailed(
            " ".join(m for messages in errors.values() for m in messages), fields=errors
        )
    try:
        order.full_clean(exclude=["organisation", "requester"])
    except ValidationError as exc:
        raise from_django_validation(exc) from exc


def _record(
    order: Order, *, by: User | None, action: OrderAction, before: str, note: str = ""
) -> OrderEvent:
    from dragoman.orders.notify import order_event_notify
    from dragoman.orders.selectors import statistics_changed

    organisation_id = order.organisation_id
    transaction.on_commit(lambda: statistics_changed(organisation_id=organisation_id))
    event = OrderEvent.objects.create(
        order=order,
        actor=by,
        action=action,
        from_status=before,
        to_status=order.status,
        note=note[:2000],
    )
    # Everyone the change concerns hears of it, in this transaction (orders/notify.py).
    order_event_notify(event=event)
    hooks.run(event=event)
    return event


@transaction.atomic
def order_create(
    *,
    by: User,
    title: str,
    service: Service,
    source_language: Language,
    target_language: Language,
    topic: Topic,
    starts_at: datetime | None = None,
    duration_minutes: int | None = None,
    time_zone: str | None = None,
    deadline: datetime | None = None,
    meeting_platform: str = "",
    meeting_link: str = "",
    technical_support: bool = False,
    notes: str = "",
    submit: bool = False,
) -> Order:
    """A requester (or manager) of a client organisation starts a request, as a draft or
    submitted at once."""
    actor = actor_for(by)
    if not can_create_order(actor) or actor.organisation_id is None:
        raise Forbidden(_("Only requesters and managers of a client organisation order work."))
    from dragoman.board.selectors import posting_suspension

    suspended = posting_suspension(user=by, organisation_id=actor.organisation_id)
    if suspended is not None:
        raise Forbidden(
            _(
                "%(name)s is suspended from posting work after unpaid invoices were reported: "
                "%(reason)s Please contact the platform's staff."
            )
            % {"name": suspended.name, "reason": suspended.suspension_reason},
            code="posting_suspended",
        )
    order = Order(
        organisation_id=actor.organisation_id,
        requester=by,
        title=(title or "").strip()[:200],
        service=service,
        source_language=source_language,
        target_language=target_language,
        topic=topic,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        time_zone=time_zone or by.timezone,
        deadline=deadline,
        meeting_platform=meeting_platform,
        meeting_link=meeting_link,
        technical_support=technical_support,
        notes=notes,
    )
    if not order.title:
        order.title = f"{service} {source_language.code}→{target_language.code}"
    _validate(order, requester=by)
    order.save()
    _record(order, by=by, action=OrderAction.CREATE, before="")
    if submit:
        order_transition(order=order, by=by, action=OrderAction.SUBMIT)
    return order


@transaction.atomic
def order_update(*, order: Order, by: User, submit: bool = False, **fields: Any) -> Order:
    """Change a request while it is a draft or waits for a quote (``permissions.may_edit``);
    with ``submit``, a draft is submitted in the same transaction, so a refused submission
    keeps the saved request as it was."""
    if not may_edit(actor_for(by), order):
        raise Forbidden(_("You may not change this request."))
    if not edit_open(order):
        raise Conflict(
            _("A request can be changed only before it is quoted; this one is “%(status)s”.")
            % {"status": order.get_status_display()},
            code="not_editable",
        )
    changed = []
    for name, value in fields.items():
        if name not in ORDER_FIELDS:
            raise ValidationFailed(_("Unknown field: %(name)s.") % {"name": name})
        if getattr(order, name) != value:
            setattr(order, name, value)
            changed.append(name)
    if changed:
        _validate(order, requester=order.requester)
        order.save()
        _record(
            order, by=by, action=OrderAction.UPDATE, before=order.status, note=", ".join(changed)
        )
    if submit and order.status == OrderStatus.DRAFT:
        order_transition(order=order, by=by, action=OrderAction.SUBMIT)
    return order


@transaction.atomic
def order_transition(*, order: Order, by: User | None, action: str, note: str = "") -> Order:
    """Move a request along its state machine (``orders.machine``), or say why not (409)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed(
            _("Unknown action: %(action)s.") % {"action": action}, code="unknown_action"
        )
    # Lock the row: two people acting at once must not both move it.
    locked = Order.objects.select_for_update().get(pk=order.pk)
    # ``by=None`` is Dragoman itself (a scheduled task), which acts with staff's rights.
    parties = order_parties(actor_for(by), locked) if by is not None else {Party.STAFF}
    if not parties & set(transition.parties):
        raise Forbidden(
            _("You may not %(action)s this request.") % {"action": action.replace("_", " ")},
            code="forbidden_action",
        )
    if locked.status not in transition.sources:
        raise Conflict(
            _("A request that is “%(status)s” cannot be %(action)s.")
            % {"status": locked.get_status_display(), "action": _past(action)},
            code="illegal_transition",
        )
    if action == OrderAction.DECLINE and not note.strip():
        raise ValidationFailed(
            _("Say why the request is declined."), fields={"note": [_("Required.")]}
        )
    if action == OrderAction.DELIVER:
        _check_deliverables(locked)
    before = locked.status
    locked.status = transition.target
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, by=by, action=OrderAction(action), before=before, note=note)
    order.status = locked.status
    return locked


def _past(action: str) -> str:
    past: dict[str, str] = {
        OrderAction.SUBMIT: _("submitted"),
        OrderAction.QUOTE: _("quoted"),
        OrderAction.ACCEPT_QUOTE: _("accepted"),
        OrderAction.REJECT_QUOTE: _("sent back for a new quote"),
        OrderAction.OFFER: _("offered to a linguist"),
        OrderAction.ACCEPT_OFFER: _("accepted by a linguist"),
        OrderAction.DECLINE_OFFER: _("declined by a linguist"),
        OrderAction.DELIVER: _("delivered"),
        OrderAction.COMPLETE: _("completed"),
        OrderAction.DECLINE: _("declined"),
        OrderAction.CANCEL: _("cancelled"),
    }
    return past.get(action, action)


@transaction.atomic
def quote_send(
    *,
    order: Order,
    by: User | None,
    lines: list[dict[str, Any]],
    currency: str = "EUR",
    note: str = "",
) -> Quote:
    """Staff, or the partner agency that brought the client, quote a submitted request.

    Earlier quotes still waiting for an answer are superseded: only the newest counts.
    """
    if not lines:
        raise ValidationFailed(
            _("A quote needs at least one line."), fields={"lines": [_("Required.")]}
        )
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationFailed(
            _("Use a three-letter currency code, e.g. EUR."), fields={"currency": [currency]}
        )
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if not str(line.get("description", "")).strip():
            errors[f"lines.{index}.description"] = [_("Required.")]
        if Decimal(line.get("quantity") or 0) <= 0:
            errors[f"lines.{index}.quantity"] = [_("Must be more than zero.")]
        if Decimal(line.get("unit_price") or 0) < 0:
            errors[f"lines.{index}.unit_price"] = [_("Cannot be negative.")]
        if line.get("unit") not in QuoteUnit.values:
            errors[f"lines.{index}.unit"] = [_("Unknown unit.")]
    if errors:
        raise ValidationFailed(_("Some quote lines are not valid."), fields=errors)
    order_transition(order=order, by=by, action=OrderAction.QUOTE, note=note)
    order.quotes.filter(status=QuoteStatus.SENT).update(status=QuoteStatus.SUPERSEDED)
    number = (order.quotes.aggregate(n=Max("number"))["n"] or 0) + 1
    quote = Quote.objects.create(
        order=order, number=number, currency=currency, note=note, created_by=by
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            description=str(line["description"]).strip()[:300],
            quantity=Decimal(line["quantity"]),
            unit=line["unit"],
            unit_price=Decimal(line["unit_price"]),
        )
        for line in lines
    )
    return quote


@transaction.atomic
def quote_answer(*, quote: Quote, by: User, accept: bool, note: str = "") -> Quote:
    """The requester or a manager accepts the quote (work starts) or rejects it (the request
    goes back for a revised quote)."""
    if quote.status != QuoteStatus.SENT:
        raise Conflict(
            _("This quote is “%(status)s” and cannot be answered.")
            % {"status": quote.get_status_display()},
            code="quote_closed",
        )
    order_transition(
        order=quote.order,
        by=by,
        action=OrderAction.ACCEPT_QUOTE if accept else OrderAction.REJECT_QUOTE,
        note=note,
    )
    quote.status = QuoteStatus.ACCEPTED if accept else QuoteStatus.REJECTED
    quote.answered_by = by
    quote.answered_at = timezone.now()
    quote.answer_note = note[:2000]
    quote.save(update_fields=["status", "answered_by", "answered_at", "answer_note", "updated_at"])
    return quote


@transaction.atomic
def orders_reassign(*, by: User, source: Membership, target: Membership) -> int:
    """A manager hands every open request of one contact to another contact of the same
    organisation (memoQ seed: "assign the work of one contact to another"), so that the
    first can be removed. Returns how many requests moved."""
    from dragoman.core import audit
    from dragoman.orders.enums import OPEN_STATUSES
    from dragoman.orgs.enums import MembershipStatus, Role
    from dragoman.orgs.permissions import can_manage_contacts

    if not can_manage_contacts(actor_for(by), source.organisation):
        raise Forbidden(_("You may not reassign the work of this organisation's contacts."))
    if target.organisation_id != source.organisation_id or target.pk == source.pk:
        raise ValidationFailed(
            _("Choose another contact of the same organisation."),
            fields={"to_contact_id": [_("Not a contact of this organisation.")]},
        )
    if target.status != MembershipStatus.ACTIVE or target.role not in (
        Role.REQUESTER,
        Role.MANAGER,
    ):
        raise ValidationFailed(
            _("Work can go only to an active requester or manager."),
            fields={"to_contact_id": [_("Observers cannot own requests.")]},
        )
    orders = list(
        Order.objects.select_for_update().filter(
            requester_id=source.user_id,
            organisation_id=source.organisation_id,
            status__in=OPEN_STATUSES,
        )
    )
    note = _("Reassigned from %(old)s to %(new)s.") % {
        "old": source.user.full_name,
        "new": target.user.full_name,
    }
    for order in orders:
        order.requester_id = target.user_id
        order.save(update_fields=["requester", "updated_at"])
        _record(order, by=by, action=OrderAction.REASSIGN, before=order.status, note=note)
    if orders:
        audit.record(
            actor=by,
            action="contact.work_reassigned",
            target=source,
            organisation=source.organisation,
            changes={"requests": len(orders), "to": target.user.email},
        )
    return len(orders)


# --- Files and progress ---------------------------------------------------------------------


def _check_deliverables(order: Order) -> None:
    """A translation is delivered with its translated files; an event needs none."""
    if order.service.kind != ServiceKind.TRANSLATION:
        return
    if not order.files.filter(kind=FileKind.DELIVERABLE, deleted_at__isnull=True).exists():
        raise Conflict(
            _(
                "Upload the translated files before delivering: a translation is delivered with "
                "at least one deliverable."
            ),
            code="deliverable_missing",
        )


def _lock(order: Order) -> Order:
    """The order's row, locked until the transaction ends, with what the rights need."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("linguist", "organisation", "service")
        .get(pk=order.pk)
    )


@transaction.atomic
def order_file_add(*, order: Order, by: User, upload: Any, kind: str) -> OrderFile:
    """Attach an uploaded file to an order (issue "Orders", files).

    The requester, a manager of the client organisation and staff add source and reference
    files while the order is open; the assigned linguist and staff add deliverables while it
    is in progress or delivered (``orders.permissions``). The file is checked by content
    (``orders.uploads``) and stored under a random key; the history names the file only.
    """
    if kind not in FileKind.values:
        raise ValidationFailed(
            _("Unknown kind of file: %(kind)s.") % {"kind": kind},
            fields={"kind": [_("Choose source, reference or deliverable.")]},
        )
    locked = _lock(order)
    parties = order_parties(actor_for(by), locked)
    if not may_upload_kind(parties, kind):
        raise Forbidden(
            _("Deliverables are uploaded by the linguist doing the work.")
            if kind == FileKind.DELIVERABLE
            else _("Source files are uploaded by the requester or a manager of the client."),
            code="forbidden_upload",
        )
    if not upload_open(locked, kind):
        raise Conflict(
            _("Files of this kind cannot be added to a request that is “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="upload_closed",
        )
    checked = check_upload(upload)
    name = checked.name
    if kind == FileKind.DELIVERABLE:
        # Linguists often sign their files' names; the client side reads them, in the list
        # and in the download's Content-Disposition (PRODUCT.md §2, anonymity).
        from dragoman.orders.selectors import anonymised, order_linguists

        name = clean_file_name(anonymised(name, order_linguists(order=locked)))
    order_file = OrderFile(
        order=locked,
        kind=kind,
        name=name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    upload.seek(0)
    order_file.file.save(name, upload, save=False)
    try:
        order_file.save()
        _record(
            locked,
            by=by,
            action=OrderAction.FILE_DELIVERED
            if kind == FileKind.DELIVERABLE
            else OrderAction.FILE_ADDED,
            before=locked.status,
            note=name,
        )
    except Exception:
        if order_file.file.name:
            order_file.file.storage.delete(order_file.file.name)
        raise
    return order_file


@transaction.atomic
def order_file_remove(*, order_file: OrderFile, by: User) -> OrderFile:
    """The person who uploaded a file withdraws it: a source file while the order is open, a
    deliverable until the order is delivered. The row and the stored bytes stay (soft
    delete) for the history; nobody can download it any more."""
    if order_file.uploaded_by_id is None or order_file.uploaded_by_id != getattr(by, "pk", None):
        raise Forbidden(_("Only the person who uploaded a file may remove it."))
    if order_file.deleted_at is not None:
        raise Conflict(_("This file was already removed."), code="already_removed")
    order = _lock(order_file.order)
    # The uploader must still be a party who may add such files: a manager made observer, or
    # a linguist no longer on the order, keeps no rights over what they once uploaded.
    if not may_upload_kind(order_parties(actor_for(by), order), order_file.kind):
        raise Forbidden(_("You may no longer remove files of this request."))
    if not removal_open(order, order_file.kind):
        raise Conflict(
            _("Files can no longer be removed from a request that is “%(status)s”.")
            % {"status": order.get_status_display()},
            code="removal_closed",
        )
    order_file.deleted_at = timezone.now()
    order_file.save(update_fields=["deleted_at"])
    _record(
        order, by=by, action=OrderAction.FILE_REMOVED, before=order.status, note=order_file.name
    )
    return order_file


@transaction.atomic
def order_progress_set(*, order: Order, by: User, percent: int | None, note: str = "") -> Order:
    """The linguist (or staff) says how far the work is (memoQ seed: the client "tracks
    progress"); everybody who sees the order sees it. Only while the order is in progress."""
    locked = _lock(order)
    if not may_set_progress(actor_for(by), locked):
        raise Forbidden(_("Only the linguist doing the work sets its progress."))
    if locked.status != OrderStatus.IN_PROGRESS:
        raise Conflict(
            _("Progress is set while the work is in progress; this request is “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="not_in_progress",
        )
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationFailed(
            _("Progress is a percentage from 0 to 100."),
            fields={"percent": [_("Enter a number from 0 to 100.")]},
        )
    note = " ".join((note or "").split())
    if note:
        # A note for the client: the safety net of typed text (PRODUCT.md §2, anonymity).
        from dragoman.orders.selectors import anonymised, order_linguists

        note = anonymised(note, order_linguists(order=locked))
    note = note[:500]
    locked.progress_percent = percent
    locked.progress_note = note
    locked.save(update_fields=["progress_percent", "progress_note", "updated_at"])
    summary = "" if percent is None else f"{percent} %"
    _record(
        locked,
        by=by,
        action=OrderAction.PROGRESS,
        before=locked.status,
        note=" — ".join(part for part in (summary, note) if part),
    )
    order.progress_percent = locked.progress_percent
    order.progress_note = locked.progress_note
    return locked
