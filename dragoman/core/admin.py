from django.contrib import admin

from dragoman.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr", "organisation"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__email", "organisation__name", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
