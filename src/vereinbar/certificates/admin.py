"""Django admin for platform admins only: look, don't change (revocation is a service)."""

from django.contrib import admin

from vereinbar.core.admin import ReadOnly

from .models import Award


@admin.register(Award)
class AwardAdmin(ReadOnly):
    list_display = ["number", "organisation", "programme", "stage", "level", "issued_on", "valid_until", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["number", "organisation__name", "verification_code"]
