from django.contrib import admin

from .models import Measure, MeasureCategory, MeasureType


@admin.register(MeasureCategory)
class MeasureCategoryAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "position", "is_active"]


@admin.register(MeasureType)
class MeasureTypeAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "category", "statutory", "country", "origin", "is_active"]
    list_filter = ["category", "statutory", "origin", "is_active"]
    search_fields = ["key", "search_text"]
    readonly_fields = ["search_text"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "category", "status", "since", "visibility"]
    list_filter = ["status", "category", "visibility"]
    search_fields = ["title_de", "title_nl", "title_en"]
