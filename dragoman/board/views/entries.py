"""The reputation board's pages: entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.enums import (
    CommentFlag,
    EntryStatus,
)
from dragoman.board.forms import (
    EntryEditForm,
    EntryForm,
    ReasonForm,
    ReplyForm,
)
from dragoman.board.models import (
    NonPaymentReport,
)
from dragoman.board.permissions import can_write_entries
from dragoman.board.views.common import PER_PAGE, board_page, raise_first
from dragoman.board.views.records import _editable, _record_context
from dragoman.core.errors import DomainError
from dragoman.core.permissions import actor_for
from dragoman.core.views import apply_error


@board_page
def entry_create(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    if request.method != "POST":
        return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            entry = services.entry_create(
                by=request.user, outsourcer=outsourcer, **form.cleaned_data
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your entry is sent. Staff check every entry before it shows, usually "
                    "within 12 hours."
                ),
            )
            if entry.rating in services.NONPAYMENT_RATINGS:
                # FAQ 2.5: after a low LWA the author is offered a non-payment report.
                messages.info(
                    request,
                    _(
                        "You entered a low LWA for this outsourcer. If you have not received "
                        "payment, report a non-payment for this outsourcer."
                    ),
                )
                return redirect("board_nonpayment_create", entry_id=entry.pk)
            if entry.comment_flags:
                messages.warning(
                    request,
                    _("Staff will look closely at your comment: %(flags)s.")
                    % {"flags": "; ".join(str(CommentFlag(f).label) for f in entry.comment_flags)},
                )
            return redirect("board_my_entries")
    context = _record_context(request, outsourcer_id)
    context["form"] = form
    return render(request, "board/outsourcer_detail.html", context, status=422)


@board_page
def entry_edit(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    if entry.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author changes an entry."))
    editable, why = services.entry_editable(entry)
    if not editable:
        messages.error(request, why)
        return redirect("board_my_entries")
    current = (
        {"rating": entry.pending_rating, "comment": entry.pending_comment}
        if entry.status == EntryStatus.EDIT_PENDING
        else {"rating": entry.rating, "comment": entry.comment}
    )
    form = EntryEditForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_edit(by=request.user, entry=entry, **form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Your correction is sent to staff for vetting."))
            return redirect("board_my_entries")
    return render(request, "board/entry_form.html", {"form": form, "entry": entry})


@board_page
@require_POST
def entry_reply(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise_first(form)
        services.entry_reply(by=request.user, entry=entry, reply=form.cleaned_data["reply"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your reply is published."))
    return redirect("board_outsourcer", outsourcer_id=entry.outsourcer_id)


@board_page
@require_POST
def entry_dispute(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise_first(form)
        services.entry_dispute(by=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The entry is hidden while staff review your dispute."))
    return redirect("board_outsourcer", outsourcer_id=entry.outsourcer_id)


@board_page
def my_entries(request: AuthedHttpRequest) -> HttpResponse:
    entries = selectors.entry_list(user=request.user, mine=True).annotate(
        has_report=Exists(NonPaymentReport.objects.filter(entry_id=OuterRef("pk")))
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    editable = {e.pk for e in page.object_list if _editable(request, e)}
    offer = {
        e.pk
        for e in page.object_list
        if e.rating in services.NONPAYMENT_RATINGS
        and not getattr(e, "has_report", False)
        and e.status in (EntryStatus.PENDING, EntryStatus.PUBLISHED)
    }
    return render(
        request,
        "board/my_entries.html",
        {
            "page": page,
            "editable_ids": editable,
            "nonpayment_offer_ids": offer,
            "can_write": can_write_entries(actor_for(request.user)),
        },
    )
