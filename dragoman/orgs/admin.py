from django.contrib import admin

from dragoman.orgs.models import Membership, Organisation, sort_name_for


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "job_title"]
    raw_id_fields = ["user"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "partner", "is_active", "created_at"]
    list_filter = ["kind", "is_active", "accepts_registrations", "country"]
    search_fields = ["name", "city", "email", "website"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        memberships = formset.save(commit=False)
        for membership in memberships:
            membership.sort_name = sort_name_for(membership.user.full_name)
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at"]
    list_filter = ["role", "status", "organisation__kind"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["allowed_services"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.sort_name = sort_name_for(obj.user.full_name)
        super().save_model(request, obj, form, change)
