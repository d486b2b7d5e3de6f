"""What organisations give the dashboard (``core.panels`` slot "dashboard")."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from dragoman.accounts.models import User
from dragoman.catalog.models import Service
from dragoman.core import audit
from dragoman.core.models import AuditEvent
from dragoman.core.permissions import Actor
from dragoman.orgs.enums import MembershipStatus, Role
from dragoman.orgs.models import Membership, Organisation


def dashboard_context(*, request: Any, user: User, actor: Actor) -> dict[str, Any]:
    if actor.is_staff:
        return {
            "org_counts": dict(
                Organisation.objects.values_list("kind")
                .annotate(n=Count("id"))
                .values_list("kind", "n")
            ),
            "pending_registrations": Membership.objects.filter(
                status=MembershipStatus.PENDING
            ).count(),
            "recent_events": audit.describe_events(AuditEvent.objects.select_related("actor")[:10]),
        }
    if actor.organisation_id is None:
        if actor.is_linguist:
            return {}
        return {
            "membership": Membership.objects.filter(user=user)
            .select_related("organisation")
            .first()
        }
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    context: dict[str, Any] = {"organisation": organisation}
    if actor.in_partner:
        clients = (
            organisation.clients.all()
            if actor.is_partner_manager()
            else Organisation.objects.none()
        )
        context["clients"] = clients.annotate(
            contact_count=Count("memberships", filter=Q(memberships__status="active"))
        ).order_by("name")[:50]
        return context
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
            pk__in=Membership.allowed_services.through.objects.filter(membership__user=user).values(
                "service_id"
            ),
        )
    return context
