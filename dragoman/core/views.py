from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from dragoman.catalog.models import Service
from dragoman.core import audit
from dragoman.core.errors import DomainError
from dragoman.core.models import AuditEvent
from dragoman.core.permissions import actor_for
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation
from dragoman.orgs.permissions import should_use_mfa


def apply_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error on the form: per field where it names fields, else on top."""
    placed = False
    for field, messages in (error.fields or {}).items():
        if field in form.fields:
            for message in messages:
                form.add_error(field, message)
            placed = True
    if not placed or error.message not in str(form.errors):
        form.add_error(None, error.message)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """One dashboard page whose content follows the person's role."""
    user = request.user
    actor = actor_for(user)
    context: dict[str, Any] = {"suggest_mfa": should_use_mfa(user)}
    if actor.is_staff:
        context["org_counts"] = dict(
            Organisation.objects.values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        context["pending_registrations"] = Membership.objects.filter(
            status=MembershipStatus.PENDING
        ).count()
        context["recent_events"] = audit.describe_events(
            AuditEvent.objects.select_related("actor")[:10]
        )
        template = "core/dashboard_staff.html"
    elif actor.organisation_id is not None:
        organisation = Organisation.objects.get(pk=actor.organisation_id)
        context["organisation"] = organisation
        if actor.organisation_kind == OrganisationKind.PARTNER:
            clients = (
                organisation.clients.all()
                if actor.is_partner_manager()
                else Organisation.objects.none()
            )
            context["clients"] = clients.annotate(
                contact_count=Count("memberships", filter=Q(memberships__status="active"))
            ).order_by("name")[:50]
            template = "core/dashboard_partner.html"
        else:
            counts = dict(
                Membership.objects.filter(organisation=organisation)
                .values_list("status")
                .annotate(n=Count("id"))
                .values_list("status", "n")
            )
            context["active_contacts"] = counts.get(MembershipStatus.ACTIVE, 0)
            context["pending_registrations"] = counts.get(MembershipStatus.PENDING, 0)
            if actor.role == Role.REQUESTER:
                context["allowed_services"] = Service.objects.filter(
                    is_active=True,
                    pk__in=Membership.allowed_services.through.objects.filter(
                        membership__user=user
                    ).values("service_id"),
                )
            from dragoman.orders.selectors import order_list, order_statistics, statistics_charts

            context["recent_orders"] = order_list(user=user)[:5]
            context["stats"] = order_statistics(user=user)
            context["charts"] = statistics_charts(context["stats"])
            template = f"core/dashboard_client_{actor.role}.html"
    elif actor.is_linguist:
        context["profile"] = (
            type(user.linguist_profile)
            .objects.prefetch_related(
                "language_pairs__source", "language_pairs__target", "services", "specialisations"
            )
            .get(pk=user.linguist_profile.pk)
        )
        from dragoman.assignments.models import Offer, OfferStatus
        from dragoman.orders.enums import OrderStatus
        from dragoman.orders.models import Order

        context["pending_offers"] = Offer.objects.filter(
            linguist__user=user, status=OfferStatus.PENDING
        ).select_related("order__service", "order__source_language", "order__target_language")
        context["my_work"] = Order.objects.filter(
            linguist__user=user, status=OrderStatus.IN_PROGRESS
        ).select_related("service", "source_language", "target_language")[:20]
        template = "core/dashboard_linguist.html"
    else:
        context["membership"] = (
            Membership.objects.filter(user=user).select_related("organisation").first()
        )
        template = "core/dashboard_pending.html"
    return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return dashboard(request)
    return render(request, "core/home.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico where a page names no icon (JSON, files, the API docs).

    A temporary redirect, not a permanent one: the static file's name carries a hash of its
    content in production, and a browser must not keep an address that a new icon retires.
    """
    return HttpResponseRedirect(static("dragoman/favicon.svg"))
