from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(TranslationAdmin):
    list_display = ("kind", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")
