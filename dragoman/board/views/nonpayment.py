"""The reputation board's pages: non-payment reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.forms import (
    ContestForm,
    NonPaymentForm,
)
from dragoman.board.permissions import is_affiliated
from dragoman.board.views.common import _staff, board_page, raise_first
from dragoman.core.errors import DomainError, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.core.views import apply_error


@board_page
def nonpayment_create(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    if entry.author_id != request.user.pk:
        raise PermissionDenied(_("Only the entry's author reports a non-payment."))
    form = NonPaymentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nonpayment_report_create(by=request.user, entry=entry, **form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your non-payment report is saved. The outsourcer is notified before it "
                    "is made public; tell us as soon as you are paid."
                ),
            )
            return redirect("board_nonpayment", outsourcer_id=entry.outsourcer_id)
    return render(request, "board/nonpayment_form.html", {"form": form, "entry": entry})


@board_page
def nonpayment_list(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    reports = list(
        selectors.nonpayment_reports_visible(user=request.user)
        .filter(outsourcer_id=outsourcer.pk)
        .prefetch_related("evidence")
    )
    actor = actor_for(request.user)
    return render(
        request,
        "board/nonpayment_list.html",
        {
            "outsourcer": outsourcer,
            "reports": reports,
            "is_affiliated": is_affiliated(actor, outsourcer),
            "now": timezone.now(),
            "contest_form": ContestForm(),
        },
    )


@board_page
@require_POST
def nonpayment_action(request: AuthedHttpRequest, report_id: int) -> HttpResponse:
    report = selectors.nonpayment_report_get_for_user(user=request.user, report_id=report_id)
    action = request.POST.get("action")
    try:
        if action == "paid":
            services.nonpayment_mark_paid(by=request.user, report=report)
            messages.success(request, _("Thank you: the report is closed."))
        elif action == "contest":
            form = ContestForm(request.POST, request.FILES)
            if not form.is_valid():
                raise_first(form)
            services.nonpayment_contest(
                by=request.user,
                report=report,
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data["evidence"],
            )
            messages.success(request, _("Staff will decide on your contest."))
        elif action in ("uphold", "dismiss"):
            services.nonpayment_contest_decide(
                by=request.user,
                report=report,
                uphold=action == "uphold",
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("The contest is decided."))
        else:
            raise ValidationFailed(_("Unknown action."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("board_nonpayment", outsourcer_id=report.outsourcer_id)


@board_page
def nonpayment_evidence(request: AuthedHttpRequest, evidence_id: int) -> HttpResponseBase:
    evidence = selectors.nonpayment_evidence_get_for_user(
        user=request.user, evidence_id=evidence_id
    )
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@board_page
@require_POST
def suspension(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    _staff(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    try:
        if request.POST.get("action") == "reinstate":
            services.outsourcer_reinstate(by=request.user, outsourcer=outsourcer)
        else:
            services.outsourcer_suspend(
                by=request.user, outsourcer=outsourcer, reason=request.POST.get("reason", "")
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)
