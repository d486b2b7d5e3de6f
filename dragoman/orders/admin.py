from django.contrib import admin

from dragoman.orders.models import Order, OrderEvent, OrderFile

EVENT_FIELDS = ("created_at", "actor", "action", "from_status", "to_status", "note")
FILE_FIELDS = (
    "created_at",
    "kind",
    "name",
    "size",
    "content_type",
    "sha256",
    "uploaded_by",
    "deleted_at",
)


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OrderFileInline(admin.TabularInline):
    """What was uploaded, read only. The stored file is not linked here: downloads go through
    the request page, which checks rights, and the storage key is nobody's business."""

    model = OrderFile
    extra = 0
    fields = FILE_FIELDS
    readonly_fields = FILE_FIELDS
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the services (the state machine), not here."""

    list_display = [
        "id",
        "title",
        "organisation",
        "requester",
        "service",
        "status",
        "starts_at",
        "deadline",
        "created_at",
    ]
    list_filter = ["status", "service", "meeting_platform", "technical_support"]
    search_fields = ["title", "notes", "organisation__name", "requester__email"]
    list_select_related = ["organisation", "requester", "service"]
    readonly_fields = ["status", "organisation", "requester"]
    raw_id_fields = ["source_language", "target_language", "topic"]
    date_hierarchy = "created_at"
    inlines = [OrderFileInline, OrderEventInline]
