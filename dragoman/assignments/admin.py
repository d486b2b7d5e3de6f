from django.contrib import admin

from dragoman.assignments.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Read-only: offers change through the services (the request's state machine)."""

    list_display = ["order", "linguist", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["order__title", "linguist__pseudonym", "linguist__user__email"]
    list_select_related = ["order", "linguist"]
    readonly_fields = ["order", "linguist", "status", "reason", "created_by", "answered_at"]

    def has_add_permission(self, request):
        return False
