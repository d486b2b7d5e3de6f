from __future__ import annotations

import zoneinfo
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Language, Service
from dragoman.core.errors import DomainError, Forbidden, NotFound
from dragoman.core.panels import panels
from dragoman.core.permissions import Actor, actor_for
from dragoman.core.views import apply_error
from dragoman.orders import permissions, selectors, services
from dragoman.orders.enums import FileKind, OrderStatus, Party
from dragoman.orders.forms import OrderForm, QuoteForm, QuoteLineFormSet
from dragoman.orders.models import Order
from dragoman.orders.permissions import can_create_order, order_parties

PER_PAGE = 50


def _date_filter(value: str | None, *, end: bool = False) -> datetime | None:
    """A date (``2026-05-01``, the user's own day) or an ISO date-time from the query string;
    an unreadable value is ignored rather than answered with an error page."""
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                return None
            moment = datetime.combine(day, time.max if end else time.min)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _requester_filter(user: Any) -> dict[str, Any]:
    """A list of the organisation's requesters, or a name search when they are too many for
    one list (a list of thousands would cost more to draw than the page's 50 rows)."""
    people = selectors.order_requesters(user=user)
    if len(people) > selectors.REQUESTER_CHOICES_LIMIT:
        return {"requesters": [], "requester_search": True}
    return {
        "requesters": [(str(user_id), name) for user_id, name in people],
        "requester_search": False,
    }


@login_required
def order_list(request: AuthedHttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    requester = request.GET.get("requester", "")
    filters: dict[str, Any] = {
        "status": request.GET.get("status") or None,
        "service": request.GET.get("service") or None,
        "source": request.GET.get("source") or None,
        "target": request.GET.get("target") or None,
        "requester_id": int(requester) if requester.isdigit() else None,
        "requester_name": request.GET.get("requester_name", "").strip()[:100] or None,
        "since": _date_filter(request.GET.get("since")),
        "until": _date_filter(request.GET.get("until"), end=True),
        "search": request.GET.get("q", "").strip() or None,
    }
    queryset = selectors.order_list(user=request.user, **filters)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "raw": {
            key: request.GET.get(key, "")
            for key in ("since", "until", "requester", "requester_name")
        },
        "filtered": any(value for value in filters.values()),
        "q": filters["search"] or "",
        "statuses": OrderStatus.choices,
        "services": Service.objects.filter(is_active=True),
        "languages": Language.objects.filter(is_active=True),
        **_requester_filter(request.user),
        "can_create": can_create_order(actor),
    }
    template = "orders/_order_rows.html" if request.htmx else "orders/order_list.html"
    return render(request, template, context)


@login_required
def order_create(request: AuthedHttpRequest) -> HttpResponse:
    if not can_create_order(actor_for(request.user)):
        raise PermissionDenied(
            _("Only requesters and managers of a client organisation order work.")
        )
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            order = services.order_create(by=request.user, submit="submit" in request.POST, **data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("Request #%(id)s is submitted.") % {"id": order.pk}
                if order.status == OrderStatus.SUBMITTED
                else _("Request #%(id)s is saved as a draft.") % {"id": order.pk},
            )
            return redirect("order_detail", order_id=order.pk)
    return render(request, "orders/order_form.html", {"form": form})


def _initial(order: Any) -> dict[str, Any]:
    """The form's values for an existing request, times on the event's own clock."""
    zone = zoneinfo.ZoneInfo(order.time_zone or "UTC")
    initial = {name: getattr(order, name) for name in services.ORDER_FIELDS}
    for name in ("starts_at", "deadline"):
        if initial[name] is not None:
            initial[name] = initial[name].astimezone(zone).replace(tzinfo=None)
    return initial


@login_required
def order_edit(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    """Change a request while it is a draft or waits for a quote (owner or staff)."""
    order = _order(request, order_id)
    actor = actor_for(request.user)
    if not permissions.may_edit(actor, order):
        raise PermissionDenied(_("You may not change this request."))
    if not permissions.edit_open(order):
        messages.error(
            request,
            _("A request can be changed only before it is quoted; this one is “%(status)s”.")
            % {"status": order.get_status_display()},
        )
        return redirect("order_detail", order_id=order.pk)
    form = OrderForm(request.POST or None, user=order.requester, initial=_initial(order))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.ORDER_FIELDS}
        data["title"] = (data.get("title") or "").strip() or order.title
        data["meeting_platform"] = data.get("meeting_platform") or ""
        try:
            services.order_update(
                order=order, by=request.user, submit="submit" in request.POST, **data
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Request #%(id)s is saved.") % {"id": order.pk})
            return redirect("order_detail", order_id=order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": order})


def _order(request: AuthedHttpRequest, order_id: int) -> Order:
    try:
        return selectors.order_get_for_user(user=request.user, order_id=order_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def order_detail(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    actor = actor_for(request.user)
    actions = selectors.order_actions(order=order, actor=actor)
    history = selectors.order_history_entries(order=order, actor=actor)
    parties = order_parties(actor, order)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "actions": actions,
            "history": history,
            "quotes": order.quotes.prefetch_related("lines"),
            "can_answer": Party.OWNER in parties,
            "can_edit": permissions.may_edit(actor, order) and permissions.edit_open(order),
            "can_quote": permissions.may_quote(actor, order),
            "quote_form": QuoteForm(),
            "quote_lines": QuoteLineFormSet(prefix="lines"),
            "panels": panels("order_detail", request=request, order=order, actor=actor),
            **_files_context(request, order, actor),
        },
    )


def _files_context(request: AuthedHttpRequest, order: Order, actor: Actor) -> dict[str, Any]:
    """The files section: what there is to download, and what the reader may upload."""
    from django.conf import settings

    from dragoman.orders.permissions import (
        file_kinds_allowed,
        may_set_progress,
        may_upload_kind,
        removal_open,
    )

    parties = order_parties(actor, order)
    rows: list[dict[str, Any]] = [
        {
            "file": order_file,
            "by": selectors.display_name_for(actor, order_file.uploaded_by),
            "removable": order_file.uploaded_by_id == request.user.pk
            and may_upload_kind(parties, order_file.kind)
            and removal_open(order, order_file.kind),
        }
        for order_file in selectors.order_files(order=order)
    ]
    kinds = file_kinds_allowed(actor, order)
    # What the upload form left for the page after a refusal (see order_file_upload).
    refused = request.session.pop(_refused_key(order.pk), None) or {}
    chosen = refused.get("kind")
    return {
        "source_files": [r for r in rows if r["file"].kind != FileKind.DELIVERABLE],
        "deliverables": [r for r in rows if r["file"].kind == FileKind.DELIVERABLE],
        "upload_kinds": [(kind, FileKind(kind).label) for kind in kinds],
        "may_deliver": FileKind.DELIVERABLE in kinds,
        "upload_kind": chosen if chosen in kinds else (kinds[0] if kinds else ""),
        "upload_errors": refused.get("errors", []),
        "upload_types": settings.UPLOAD_ALLOWED_TYPES,
        "upload_max_mb": settings.UPLOAD_MAX_MB,
        "can_set_progress": order.status == OrderStatus.IN_PROGRESS
        and may_set_progress(actor, order),
    }


@login_required
@require_POST
def quote_create(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    form = QuoteForm(request.POST)
    lines = QuoteLineFormSet(request.POST, prefix="lines")
    if form.is_valid() and lines.is_valid():
        rows = [
            f.cleaned_data
            for f in lines.forms
            if f.cleaned_data.get("description") or f.cleaned_data.get("quantity")
        ]
        try:
            services.quote_send(order=order, by=request.user, lines=rows, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The quote is sent."))
    else:
        messages.error(request, _("Check the quote: every line needs a quantity and a price."))
    return redirect("order_detail", order_id=order.pk)


@login_required
@require_POST
def quote_answer(request: AuthedHttpRequest, order_id: int, quote_id: int) -> HttpResponse:
    order = _order(request, order_id)
    quote = order.quotes.filter(pk=quote_id).first()
    if quote is None:
        raise Http404(_("No such quote."))
    accept = request.POST.get("answer") == "accept"
    try:
        services.quote_answer(
            quote=quote, by=request.user, accept=accept, note=request.POST.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Quote accepted: the work starts.")
            if accept
            else _("Quote rejected: a revised quote will follow."),
        )
    return redirect("order_detail", order_id=order.pk)


@login_required
@require_POST
def order_action(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    action = request.POST.get("action", "")
    if action not in selectors.PLAIN_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("order_detail", order_id=order.pk)
    try:
        services.order_transition(
            order=order, by=request.user, action=action, note=request.POST.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Request #%(id)s: done.") % {"id": order.pk})
    return redirect("order_detail", order_id=order.pk)


@login_required
@require_POST
def orders_reassign(request: AuthedHttpRequest) -> HttpResponse:
    """The contact page's "hand the open requests to…" form."""
    try:
        source, target = selectors.contacts_to_reassign(
            user=request.user,
            source_id=int(request.POST.get("from_contact") or 0),
            target_id=int(request.POST.get("to_contact") or 0),
        )
    except (NotFound, ValueError) as exc:
        raise Http404(_("No such contact.")) from exc
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    try:
        moved = services.orders_reassign(by=request.user, source=source, target=target)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s open request(s) now belong to %(name)s.")
            % {"count": moved, "name": target.user.full_name},
        )
    return redirect("contact_edit", organisation_id=source.organisation_id, contact_id=source.pk)


@login_required
@require_POST
def order_file_upload(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    """The "add files" form: several files of one kind. Files that pass are kept even when
    others are refused; the request page comes back with each refusal spelled out by the
    form and the chosen kind kept."""
    order = _order(request, order_id)
    kind = request.POST.get("kind", "")
    uploads = request.FILES.getlist("files")
    errors: list[str] = []
    added = []
    if not uploads:
        errors.append(_("Choose at least one file."))
    for upload in uploads:
        try:
            added.append(
                services.order_file_add(order=order, by=request.user, upload=upload, kind=kind)
            )
        except DomainError as error:
            errors.append(error.message)
    if added:
        messages.success(
            request,
            _("Uploaded: %(names)s.") % {"names": ", ".join(f.name for f in added)},
        )
    if errors:
        # Shown next to the form on the page the browser is sent back to, with the kind
        # chosen; the files that passed are already listed there.
        request.session[_refused_key(order.pk)] = {"errors": errors, "kind": kind}
    return redirect(reverse("order_detail", args=[order.pk]) + "#files")


def _refused_key(order_id: int) -> str:
    return f"orders.upload_refused.{order_id}"


@login_required
def order_file_download(
    request: AuthedHttpRequest, order_id: int, file_id: int
) -> HttpResponseBase:
    from dragoman.orders.downloads import file_response

    order = _order(request, order_id)
    try:
        return file_response(selectors.order_file_get(order=order, file_id=file_id))
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
@require_POST
def order_file_remove(request: AuthedHttpRequest, order_id: int, file_id: int) -> HttpResponse:
    order = _order(request, order_id)
    try:
        order_file = selectors.order_file_get(order=order, file_id=file_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        services.order_file_remove(order_file=order_file, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": order_file.name})
    return redirect("order_detail", order_id=order.pk)


@login_required
@require_POST
def order_progress(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    """The linguist's progress form (percentage and a short note)."""
    order = _order(request, order_id)
    raw = request.POST.get("percent", "").strip()
    try:
        percent = int(raw) if raw else None
    except ValueError:
        messages.error(request, _("Progress is a percentage from 0 to 100."))
        return redirect("order_detail", order_id=order.pk)
    try:
        services.order_progress_set(
            order=order, by=request.user, percent=percent, note=request.POST.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Progress saved."))
    return redirect("order_detail", order_id=order.pk)
