"""The reputation board's pages: search and records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import User
from dragoman.board import selectors, services
from dragoman.board.enums import (
    SearchSort,
)
from dragoman.board.forms import (
    EntryForm,
    OutsourcerForm,
)
from dragoman.board.models import (
    LWAEntry,
)
from dragoman.board.permissions import can_write_entries
from dragoman.board.views.common import _staff, board_page, country_options
from dragoman.core.errors import DomainError, ValidationFailed
from dragoman.core.http import id_from
from dragoman.core.permissions import actor_for
from dragoman.core.views import apply_error
from dragoman.orgs.models import Organisation


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
