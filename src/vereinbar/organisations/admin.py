from django.contrib import admin

from .models import Contact, Organisation, Unit


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "kind", "country", "region", "staff_count", "status"]
    list_filter = ["type", "kind", "country", "status"]
    search_fields = ["name", "slug", "city"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation", "visibility"]
    list_filter = ["role", "visibility"]
    search_fields = ["name", "function", "email"]
