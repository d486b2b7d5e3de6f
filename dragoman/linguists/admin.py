from django.contrib import admin

from dragoman.linguists.models import LanguagePair, LinguistProfile


class LanguagePairInline(admin.TabularInline):
    model = LanguagePair
    extra = 1
    autocomplete_fields = ["source", "target"]


@admin.register(LinguistProfile)
class LinguistProfileAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "user", "country", "is_available", "created_at"]
    list_filter = ["is_available", "services", "country"]
    search_fields = ["pseudonym", "user__email", "user__full_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["pseudonym"]
    filter_horizontal = ["native_languages", "services", "specialisations"]
    inlines = [LanguagePairInline]
