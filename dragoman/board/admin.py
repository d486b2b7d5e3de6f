from django.contrib import admin

from dragoman.board.models import Affiliation, EntryEvent, LWAEntry, Outsourcer, OutsourcerVersion


class ReadOnly(admin.ModelAdmin):
    """Changes go through the services (vetting, figures, history), never through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Outsourcer)
class OutsourcerAdmin(ReadOnly):
    list_display = ["name", "country", "city", "status", "average_lwa", "entry_count", "created_at"]
    list_filter = ["status", "country"]
    search_fields = ["search_name", "name"]


@admin.register(OutsourcerVersion)
class OutsourcerVersionAdmin(ReadOnly):
    list_display = ["outsourcer", "number", "name", "created_at", "changed_by"]
    list_select_related = ["outsourcer", "changed_by"]


@admin.register(Affiliation)
class AffiliationAdmin(ReadOnly):
    list_display = ["outsourcer", "user", "organisation", "created_at"]
    list_select_related = ["outsourcer", "user", "organisation"]


@admin.register(LWAEntry)
class LWAEntryAdmin(ReadOnly):
    list_display = ["outsourcer", "author_label", "rating", "status", "created_at", "replied_at"]
    list_filter = ["status", "rating"]
    list_select_related = ["outsourcer"]


@admin.register(EntryEvent)
class EntryEventAdmin(ReadOnly):
    list_display = ["entry", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["actor"]
