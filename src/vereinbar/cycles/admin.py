"""Django admin for platform admins only (never the product's UI): look, don't change."""

from django.contrib import admin

from vereinbar.core.admin import ReadOnly

from .models import Cycle, PhaseRun


class PhaseRunInline(admin.TabularInline):
    model = PhaseRun
    fields = ("phase", "occurrence", "status", "opened_on", "due_on", "submitted_at", "accepted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Cycle)
class CycleAdmin(ReadOnly):
    list_display = ["organisation", "programme", "stage", "status", "applied_on", "auditor"]
    list_filter = ["status", "programme"]
    search_fields = ["organisation__name", "programme__identifier"]
    inlines = [PhaseRunInline]
