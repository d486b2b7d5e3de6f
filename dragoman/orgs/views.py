from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.core import audit, openwork
from dragoman.core.errors import DomainError, Forbidden, NotFound
from dragoman.core.models import AuditEvent
from dragoman.core.permissions import actor_for
from dragoman.core.views import apply_error
from dragoman.orgs import selectors, services
from dragoman.orgs.enums import MembershipStatus, Role
from dragoman.orgs.forms import ContactForm, RejectForm
from dragoman.orgs.models import Membership, Organisation
from dragoman.orgs.permissions import can_manage_contacts, can_view_audit_log, can_view_contacts

CONTACTS_PER_PAGE = 50


def _organisation(request: AuthedHttpRequest, organisation_id: int) -> Organisation:
    try:
        return selectors.organisation_get_for_user(
            user=request.user, organisation_id=organisation_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _contact(
    request: AuthedHttpRequest, organisation: Organisation, contact_id: int, manage: bool = True
) -> Membership:
    try:
        return selectors.contact_get_for_user(
            user=request.user, organisation=organisation, contact_id=contact_id, manage=manage
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc


@login_required
def organisation_list(request: AuthedHttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not (actor.is_staff or actor.is_partner_manager()):
        if actor.organisation_id:
            return redirect("contact_list", organisation_id=actor.organisation_id)
        raise PermissionDenied(_("You do not belong to an organisation."))
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    queryset = selectors.organisation_list(user=request.user, kind=kind or None, search=search)
    page = Paginator(queryset, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "orgs/_organisation_rows.html" if request.htmx else "orgs/organisation_list.html"
    return render(request, template, {"page": page, "q": search, "kind": kind})


@login_required
def contact_list(request: AuthedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    actor = actor_for(request.user)
    if not can_view_contacts(actor, organisation):
        return render(request, "orgs/organisation_detail.html", {"organisation": organisation})
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    rows = selectors.contact_list(
        user=request.user,
        organisation=organisation,
        search=search,
        role=role or None,
        status=status or None,
    )
    # ContactRows pages like a list (count() and slices) without being one.
    paginator: Paginator[dict[str, Any]] = Paginator(rows, CONTACTS_PER_PAGE)  # type: ignore[arg-type]  # see above
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "q": search,
        "role": role,
        "status": status,
        "roles": Role.choices,
        "statuses": [c for c in MembershipStatus.choices if c[0] != MembershipStatus.REMOVED],
        "can_manage": can_manage_contacts(actor, organisation),
        "can_view_audit": can_view_audit_log(actor, organisation),
        "pending_count": selectors.pending_registration_count(organisation=organisation),
    }
    template = "orgs/_contact_rows.html" if request.htmx else "orgs/contact_list.html"
    return render(request, template, context)


def _require_manage(request: AuthedHttpRequest, organisation: Organisation) -> None:
    if not can_manage_contacts(actor_for(request.user), organisation):
        raise PermissionDenied(_("You may not change the contacts of this organisation."))


@login_required
def contact_create(request: AuthedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    _require_manage(request, organisation)
    form = ContactForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.contact_create(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added. An activation e-mail is on its way to %(email)s.")
                % {"name": membership.user.full_name, "email": membership.user.email},
            )
            return redirect("contact_list", organisation_id=organisation.pk)
    return render(request, "orgs/contact_form.html", {"form": form, "organisation": organisation})


@login_required
def contact_edit(request: AuthedHttpRequest, organisation_id: int, contact_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    _require_manage(request, organisation)
    membership = _contact(request, organisation, contact_id)
    user = membership.user
    initial = {
        "full_name": user.full_name,
        "role": membership.role,
        "job_title": membership.job_title,
        "phone": user.phone,
        "mobile": user.mobile,
        "other_contact": user.other_contact,
        "allowed_services": list(membership.allowed_services.all()),
    }
    form = ContactForm(
        request.POST or None, organisation=organisation, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(by=request.user, membership=membership, **form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("The details of %(name)s are saved.") % {"name": user.full_name}
            )
            return redirect("contact_list", organisation_id=organisation.pk)
    open_work = sum(openwork.open_work(user).values())
    targets = (
        Membership.objects.filter(
            organisation=organisation,
            status=MembershipStatus.ACTIVE,
            role__in=[Role.REQUESTER, Role.MANAGER],
        )
        .exclude(pk=membership.pk)
        .select_related("user")
        if open_work
        else Membership.objects.none()
    )
    return render(
        request,
        "orgs/contact_form.html",
        {
            "form": form,
            "organisation": organisation,
            "membership": membership,
            "open_work": open_work,
            "reassign_targets": targets,
        },
    )


def _contact_action(
    request: AuthedHttpRequest,
    organisation_id: int,
    contact_id: int,
    action: Callable[[Membership], object],
    success: Callable[[Membership], str],
) -> HttpResponse:
    """Run one service on a contact from a button, and say how it went on the list page."""
    organisation = _organisation(request, organisation_id)
    _require_manage(request, organisation)
    membership = _contact(request, organisation, contact_id)
    try:
        action(membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(membership))
    return redirect("contact_list", organisation_id=organisation.pk)


@login_required
@require_POST
def contact_remove(
    request: AuthedHttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    return _contact_action(
        request,
        organisation_id,
        contact_id,
        lambda m: services.contact_remove(by=request.user, membership=m),
        lambda m: _("%(name)s was removed.") % {"name": m.user.full_name},
    )


@login_required
@require_POST
def contact_approve(
    request: AuthedHttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    role = request.POST.get("role") or None
    return _contact_action(
        request,
        organisation_id,
        contact_id,
        lambda m: services.registration_approve(by=request.user, membership=m, role=role),
        lambda m: _("%(name)s can now use Dragoman.") % {"name": m.user.full_name},
    )


@login_required
@require_POST
def contact_reject(
    request: AuthedHttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _contact_action(
        request,
        organisation_id,
        contact_id,
        lambda m: services.registration_reject(by=request.user, membership=m, reason=reason),
        lambda m: _("The registration of %(name)s was rejected.") % {"name": m.user.full_name},
    )


@login_required
@require_POST
def contact_invite(
    request: AuthedHttpRequest, organisation_id: int, contact_id: int
) -> HttpResponse:
    return _contact_action(
        request,
        organisation_id,
        contact_id,
        lambda m: services.contact_resend_invitation(by=request.user, membership=m),
        lambda m: _("A new activation e-mail was sent to %(email)s.") % {"email": m.user.email},
    )


@login_required
def audit_log(request: AuthedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    if not can_view_audit_log(actor_for(request.user), organisation):
        raise PermissionDenied(_("You may not see this organisation's activity."))
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "events": audit.describe_events(page.object_list),
    }
    return render(request, "orgs/audit_log.html", context)
