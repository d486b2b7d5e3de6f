"""The admin for organisations and memberships.

Memberships change only through the services (audit row, cached rights dropped, managers
kept): the admin shows them read-only and acts on them with actions that call the services.
Roles, details and allowed services are edited on the organisation's contact page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dragoman.accounts.models import User
from dragoman.core.errors import DomainError
from dragoman.orgs import services
from dragoman.orgs.models import Membership, Organisation

MEMBERSHIP_FIELDS = ["user", "organisation", "role", "status", "job_title"]
INLINE_FIELDS = ("user", "role", "status", "job_title")


def _user(request: HttpRequest) -> User:
    """The staff member using the admin (the admin lets nobody else in)."""
    if not isinstance(request.user, User):
        raise PermissionError("The staff console needs a logged-in user.")
    return request.user


def _contacts_link(organisation: Organisation) -> str:
    if not organisation.pk:
        return "—"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("contact_list", args=[organisation.pk]),
        _("Add and edit contacts on the organisation's contact page"),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = INLINE_FIELDS
    readonly_fields = INLINE_FIELDS
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "partner", "is_active", "created_at"]
    list_filter = ["kind", "is_active", "accepts_registrations", "country"]
    search_fields = ["name", "city", "email", "website"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["contacts_page"]
    inlines = [MembershipInline]

    @admin.display(description=_("contacts"))
    def contacts_page(self, obj: Organisation) -> str:
        return _contacts_link(obj)


def _each(
    verb: str | Promise, change: Callable[[HttpRequest, Membership], object]
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Membership]], None]:
    """An admin action that calls ``change`` for each chosen membership through its service,
    reporting what was done and, one by one, what the rules refused."""

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for membership in queryset.select_related("user", "organisation"):
            try:
                change(request, membership)
            except DomainError as error:
                modeladmin.message_user(
                    request, f"{membership.user.full_name}: {error.message}", messages.ERROR
                )
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request, _("%(verb)s: %(count)d.") % {"verb": verb, "count": done}
            )

    return action


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at"]
    list_filter = ["role", "status", "organisation__kind"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    fields = [*MEMBERSHIP_FIELDS, "allowed_services", "contacts_page"]
    readonly_fields = [*MEMBERSHIP_FIELDS, "allowed_services", "contacts_page"]
    actions = ["approve", "reject", "remove", "resend_invitation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A contact is removed (they keep their history), never deleted.
        return False

    @admin.display(description=_("contacts"))
    def contacts_page(self, obj: Membership) -> str:
        return _contacts_link(obj.organisation)

    @admin.action(description=_("Approve the chosen registrations"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        _each(
            _("Registrations approved"),
            lambda r, m: services.registration_approve(by=_user(r), membership=m),
        )(self, request, queryset)

    @admin.action(description=_("Reject the chosen registrations"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        _each(
            _("Registrations rejected"),
            lambda r, m: services.registration_reject(by=_user(r), membership=m),
        )(self, request, queryset)

    @admin.action(description=_("Remove the chosen contacts"))
    def remove(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        _each(
            _("Contacts removed"),
            lambda r, m: services.contact_remove(by=_user(r), membership=m),
        )(self, request, queryset)

    @admin.action(description=_("Send the invitation again"))
    def resend_invitation(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        _each(
            _("Invitations sent"),
            lambda r, m: services.contact_resend_invitation(by=_user(r), membership=m),
        )(self, request, queryset)
