from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "kind", "country", "region", "staff_count"]
    list_filter = ["type", "kind", "country"]
    search_fields = ["name", "slug", "city"]
