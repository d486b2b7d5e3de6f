"""Pages of the reputation board: each parses a form, calls one service or selector and
renders a template (STYLE.md habit 3)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import User
from dragoman.board import permissions, selectors, services, statistics
from dragoman.board.enums import (
    CommentFlag,
    EntryStatus,
    SearchSort,
    StatsPeriod,
    SummaryVisibility,
)
from dragoman.board.forms import (
    ApplicationSettingsForm,
    ContestForm,
    EntryEditForm,
    EntryForm,
    NonPaymentForm,
    OutsourcerForm,
    ReasonForm,
    ReplyForm,
)
from dragoman.board.models import (
    ApplicationSettings,
    LWAEntry,
    NonPaymentReport,
    Outsourcer,
    WWAEntry,
)
from dragoman.board.permissions import can_vet, can_write_entries, is_affiliated
from dragoman.core.errors import DomainError, NotFound, ValidationFailed
from dragoman.core.http import id_from
from dragoman.core.permissions import actor_for
from dragoman.core.views import apply_error
from dragoman.orgs.models import Organisation

PER_PAGE = 50


def board_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A board page: logged-in users only; what the reader may not see is a plain 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return login_required(wrapper)


@lru_cache(maxsize=64)
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


def country_options(selected: str) -> str:
    """The country ``<option>``s, built once per language: 250 options through the template
    engine took more time than the whole search."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (code, mark_safe(" selected") if code == selected else "", name)
            for code, name in _country_names(get_language() or "")
        ),
    )


@board_page
def search(request: AuthedHttpRequest) -> HttpResponse:
    filters: dict[str, Any] = {
        "q": request.GET.get("q", "").strip(),
        "country": request.GET.get("country", "").strip(),
        "city": request.GET.get("city", "").strip(),
        "sort": request.GET.get("sort") or SearchSort.NAME,
    }
    if filters["sort"] not in SearchSort.values:
        filters["sort"] = SearchSort.NAME
    number = request.GET.get("page", "1")
    page = selectors.outsourcer_search_page(
        user=request.user, page=int(number) if number.isdigit() else 1, **filters
    )
    context = {
        "page": page,
        "filters": filters,
        "filtered": bool(filters["q"] or filters["country"] or filters["city"]),
        "country_options": country_options(filters["country"]),
        # Translated once, not once per row.
        "labels": {
            "name": _("Name"),
            "place": _("Place"),
            "average": _("Average LWA"),
            "entries": _("Entries"),
        },
        "record_base": reverse("board_search") + "outsourcers/",
        "sorts": SearchSort.choices,
    }
    if not request.htmx:
        context["requests"] = selectors.entry_requests_recent(user=request.user)
        context["saved"] = list(request.user.board_searches.all())
        context["querystring"] = request.GET.urlencode()
    template = "board/_search_rows.html" if request.htmx else "board/search.html"
    return render(request, template, context)


@board_page
def outsourcer_create(request: AuthedHttpRequest) -> HttpResponse:
    form = OutsourcerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outsourcer = services.outsourcer_create(by=request.user, **form.service_data())
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added and will show on the board once staff have checked it.")
                % {"name": outsourcer.name},
            )
            return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)
    return render(request, "board/outsourcer_form.html", {"form": form})


@board_page
def outsourcer_edit(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """Staff change contact data (FAQ 3.2, 3.3: outsourcers ask staff); the earlier data is
    kept as a version."""
    _staff(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    initial = {
        "name": outsourcer.name,
        "country": str(outsourcer.country or ""),
        "city": outsourcer.city,
        "website": outsourcer.website,
        "emails": "\n".join(outsourcer.emails),
        "phones": "\n".join(outsourcer.phones),
    }
    form = OutsourcerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outsourcer_update(
                by=request.user, outsourcer=outsourcer, **form.service_data()
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The contact data is saved; the earlier data is kept."))
            return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)
    return render(request, "board/outsourcer_form.html", {"form": form, "outsourcer": outsourcer})


def _record_context(request: AuthedHttpRequest, outsourcer_id: int) -> dict:
    number = request.GET.get("page", "1")
    page = selectors.record_page(
        user=request.user,
        outsourcer_id=outsourcer_id,
        page=int(number) if number.isdigit() else 1,
    )
    actor = actor_for(request.user)
    return {
        "record": page,
        "outsourcer": page.outsourcer,
        "affiliations": list(
            page.outsourcer.affiliations.select_related("user", "organisation").order_by("id")
        )
        if actor.is_staff
        else [],
        "can_write": can_write_entries(actor) and not page.is_affiliated,
        "editable_ids": {e.pk for e in [*page.entries, *page.own_hidden] if _editable(request, e)},
    }


def _editable(request: AuthedHttpRequest, entry: LWAEntry) -> bool:
    return entry.author_id == request.user.pk and services.entry_editable(entry)[0]


@board_page
def outsourcer_detail(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    context = _record_context(request, outsourcer_id)
    context["form"] = EntryForm()
    return render(request, "board/outsourcer_detail.html", context)


@board_page
def outsourcer_history(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    try:
        versions = list(selectors.contact_history(user=request.user, outsourcer=outsourcer))
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    return render(
        request, "board/outsourcer_history.html", {"outsourcer": outsourcer, "versions": versions}
    )


@board_page
@require_POST
def affiliations(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """Staff add or remove an affiliation (FAQ 3.12); an affiliated user reports a wrong one
    (FAQ 3.13)."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    action = request.POST.get("action")
    try:
        if action == "report":
            services.affiliation_report(
                by=request.user, outsourcer=outsourcer, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Staff will look into it."))
        elif action == "remove":
            _staff(request)
            affiliation = outsourcer.affiliations.filter(
                pk=id_from(request.POST.get("affiliation"))
            ).first()
            if affiliation is not None:
                services.affiliation_remove(by=request.user, affiliation=affiliation)
            messages.success(request, _("The affiliation is removed."))
        else:
            _staff(request)
            email = request.POST.get("email", "").strip()
            org_name = request.POST.get("organisation", "").strip()
            user = User.objects.filter(email__iexact=email).first() if email else None
            organisation = (
                Organisation.objects.filter(name__iexact=org_name).first() if org_name else None
            )
            if user is None and organisation is None:
                raise ValidationFailed(
                    _("No user with this e-mail or organisation with this name.")
                )
            services.affiliation_add(
                by=request.user, outsourcer=outsourcer, user=user, organisation=organisation
            )
            messages.success(request, _("The affiliation is added."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


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


def raise_first(form: Any) -> None:
    raise ValidationFailed(
        " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
    )


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


def _staff(request: AuthedHttpRequest) -> None:
    if not can_vet(actor_for(request.user)):
        raise PermissionDenied(_("Only platform staff vet the board."))


@board_page
def vetting(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    items = selectors.vetting_queue(user=request.user)
    for item in items:
        flags = getattr(item.obj, "comment_flags", None) or []
        item.flags = [str(CommentFlag(f).label) for f in flags if f in CommentFlag.values]
    return render(request, "board/vetting.html", {"items": items})


@board_page
@require_POST
def vet_entries(request: AuthedHttpRequest) -> HttpResponse:
    """One entry or several (the queue's checkboxes): approve, or reject with a reason."""
    _staff(request)
    ids = [int(i) for i in request.POST.getlist("entry") if i.isdigit()]
    approve = request.POST.get("decision") == "approve"
    entries = list(LWAEntry.objects.filter(pk__in=ids).order_by("queued_at", "id"))
    try:
        done = services.entries_vet(
            by=request.user, entries=entries, approve=approve, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            (_("%(n)s approved.") if approve else _("%(n)s rejected.")) % {"n": done},
        )
    return redirect("board_vetting")


@board_page
@require_POST
def vet_outsourcer(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    _staff(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    try:
        if request.POST.get("decision") == "approve":
            services.outsourcer_approve(by=request.user, outsourcer=outsourcer)
        else:
            services.outsourcer_reject(
                by=request.user, outsourcer=outsourcer, reason=request.POST.get("reason", "")
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s: done.") % {"name": outsourcer.name})
    return redirect("board_vetting")


@board_page
@require_POST
def resolve_dispute(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    _staff(request)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    try:
        services.entry_dispute_resolve(
            by=request.user,
            entry=entry,
            uphold=request.POST.get("decision") == "uphold",
            note=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The dispute is decided."))
    return redirect("board_vetting")


@board_page
def stats(request: AuthedHttpRequest) -> HttpResponse:
    figures = statistics.board_statistics(user=request.user)
    # The tables are cached as HTML too, per version of the figures and language.
    version = f"{figures['version']}:{figures['split']}"
    split = figures["split"]
    groups = (
        ("many", _("With %(n)s entries or more") % {"n": split}),
        ("few", _("With fewer than %(n)s entries") % {"n": split}),
    )
    sections = [
        (period.value, period.label, [(g, title, figures[period.value][g]) for g, title in groups])
        for period in StatsPeriod
    ]
    return render(request, "board/stats.html", {"sections": sections, "version": version})


# --- Non-payment reports ----------------------------------------------------------------------


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


# --- Watching ---------------------------------------------------------------------------------


@board_page
@require_POST
def watch(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    if request.POST.get("action") == "unwatch":
        services.watch_stop(user_id=request.user.pk, outsourcer_id=outsourcer.pk)
        messages.success(request, _("You no longer watch %(name)s.") % {"name": outsourcer.name})
    else:
        services.watch_start(by=request.user, outsourcer=outsourcer)
        messages.success(
            request,
            _("You will hear of each new entry about %(name)s.") % {"name": outsourcer.name},
        )
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


def unwatch(request: AuthedHttpRequest, token: str) -> HttpResponse:
    """The e-mails' stop-watching link (FAQ 2.10): no log-in needed. A GET only asks, so that
    mail scanners that open links change nothing; the button posts."""
    try:
        user_id, outsourcer_id = services.unwatch_token_read(token)
    except DomainError as error:
        raise Http404(error.message) from error
    name = Outsourcer.objects.filter(pk=outsourcer_id).values_list("name", flat=True).first()
    if name is None:
        raise Http404(_("No such outsourcer."))
    done = False
    if request.method == "POST":
        services.watch_stop(user_id=user_id, outsourcer_id=outsourcer_id)
        done = True
    return render(request, "board/unwatch.html", {"name": name, "done": done})


# --- Entry requests ---------------------------------------------------------------------------


@board_page
@require_POST
def entry_request(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """Ask for entries (FAQ 2.6), or, for the outsourcer's people, ask named providers
    (FAQ 3.8). Sent at once and never withdrawn (FAQ 2.7)."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    message = request.POST.get("message", "")
    try:
        if request.POST.get("to") == "providers":
            emails = request.POST.get("emails", "").replace(",", "\n").splitlines()
            services.entry_request_to_providers(
                by=request.user, outsourcer=outsourcer, emails=emails, message=message
            )
            messages.success(
                request,
                _("Your request is sent to those of these providers who use Dragoman."),
            )
        else:
            services.entry_request_create(by=request.user, outsourcer=outsourcer, message=message)
            messages.success(
                request,
                _("Your request is sent; it cannot be withdrawn."),
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


@board_page
@require_POST
def entry_delete(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    try:
        entry = services.entry_delete_request(by=request.user, entry=entry)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The entry is deleted.")
            if entry.status == EntryStatus.DELETED
            else _("Your request is noted: the entry is deleted when the other side asks too."),
        )
    return redirect("board_outsourcer", outsourcer_id=entry.outsourcer_id)


@board_page
@require_POST
def saved_searches(request: AuthedHttpRequest) -> HttpResponse:
    if request.POST.get("delete"):
        search = selectors.saved_search_get_for_user(
            user=request.user, search_id=int(request.POST["delete"])
        )
        services.saved_search_delete(by=request.user, search=search)
        return redirect("board_search")
    try:
        services.saved_search_save(
            by=request.user,
            name=request.POST.get("name", ""),
            q=request.POST.get("q", ""),
            country=request.POST.get("country", ""),
            city=request.POST.get("city", ""),
            sort=request.POST.get("sort", "name"),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The search is saved."))
    return redirect(f"{reverse('board_search')}?{request.POST.get('querystring', '')}")


# --- Applications -----------------------------------------------------------------------------


@board_page
def application_targets(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "board/application_targets.html",
        {"outsourcers": selectors.application_targets(user=request.user)},
    )


@board_page
def applications(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """The outsourcer's side (settings and received applications) and the linguist's side
    (apply) of one outsourcer's applications."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    actor = actor_for(request.user)
    affiliated = is_affiliated(actor, outsourcer)
    settings_row = ApplicationSettings.objects.filter(outsourcer=outsourcer).first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                services.application_send(
                    by=request.user, outsourcer=outsourcer, message=request.POST.get("message", "")
                )
                messages.success(request, _("Your application is sent."))
            elif action == "settings":
                form = ApplicationSettingsForm(request.POST)
                if not form.is_valid():
                    raise_first(form)
                services.application_settings_set(
                    by=request.user, outsourcer=outsourcer, **form.service_data()
                )
                messages.success(request, _("The application settings are saved."))
            elif action in ("accept", "decline"):
                application = outsourcer.applications.filter(
                    pk=id_from(request.POST.get("application"))
                ).first()
                if application is None:
                    raise NotFound(_("No such application."))
                services.application_answer(
                    by=request.user,
                    application=application,
                    accept=action == "accept",
                    answer=request.POST.get("answer", ""),
                )
                messages.success(request, _("The answer is sent."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("board_applications", outsourcer_id=outsourcer.pk)
    context = {
        "outsourcer": outsourcer,
        "affiliated": affiliated,
        "settings_row": settings_row,
        "closed_reason": permissions.applications_closed_reason(outsourcer),
    }
    if affiliated or actor.is_staff:
        context["received"] = list(
            selectors.applications_for_outsourcer(user=request.user, outsourcer=outsourcer)
        )
    if affiliated:
        initial = {}
        if settings_row is not None:
            initial = {
                "accepting": settings_row.accepting,
                "pairs": ", ".join(
                    f"{p.source.code}>{p.target.code}"
                    for p in settings_row.pairs.select_related("source", "target")
                ),
                "native_languages": list(settings_row.native_languages.all()),
                "specialisations": list(settings_row.specialisations.all()),
                "countries": [str(code) for code in settings_row.countries],
            }
        context["settings_form"] = ApplicationSettingsForm(initial=initial)
    if actor.is_linguist and settings_row is not None and settings_row.accepting:
        context["can_apply"] = permissions.provider_matches(
            settings_row=settings_row, user=request.user
        )
    return render(request, "board/applications.html", context)


# --- WWA --------------------------------------------------------------------------------------


@board_page
@require_POST
def wwa_create(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """Someone who speaks for the outsourcer rates a provider, named by pseudonym or agency."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    provider = selectors.provider_find(name=request.POST.get("provider", ""))
    try:
        if provider is None:
            raise ValidationFailed(_("No linguist with this pseudonym or agency with this name."))
        services.wwa_create(
            by=request.user,
            outsourcer=outsourcer,
            provider=provider,
            rating=request.POST.get("rating"),
            comment=request.POST.get("comment", ""),
            work_confirmed=bool(request.POST.get("work_confirmed")),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your WWA entry is sent for vetting."))
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


@board_page
@require_POST
def vet_wwa(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    _staff(request)
    entry = WWAEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise Http404(_("No such entry."))
    try:
        services.wwa_vet(
            by=request.user,
            entry=entry,
            approve=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The WWA entry is decided."))
    return redirect("board_vetting")


@board_page
def provider(request: AuthedHttpRequest, provider_id: int) -> HttpResponse:
    """A provider's WWA summary, shown as the provider chose (FAQ 3.11); the owner changes
    the choice here."""
    if request.method == "POST" and provider_id == request.user.pk:
        try:
            services.provider_summary_visibility_set(
                by=request.user, visibility=request.POST.get("visibility", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("board_provider", provider_id=provider_id)
    summary = selectors.provider_summary(user=request.user, provider_id=provider_id)
    return render(
        request,
        "board/provider.html",
        {
            "summary": summary,
            "is_owner": provider_id == request.user.pk,
            "visibilities": SummaryVisibility.choices,
        },
    )


@board_page
@require_POST
def reply_hide(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    _staff(request)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    try:
        services.entry_reply_hide(
            by=request.user, entry=entry, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reply is hidden."))
    return redirect("board_outsourcer", outsourcer_id=entry.outsourcer_id)
