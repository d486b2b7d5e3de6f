from django.contrib import admin

from dragoman.catalog.models import Language, Service, Topic


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    list_editable = ["is_active", "position"]
    search_fields = ["name", "code"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["name"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "english_name", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["code"]
