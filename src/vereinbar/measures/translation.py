from modeltranslation.translator import TranslationOptions, register

from .models import Measure, MeasureCategory, MeasureType


@register(MeasureCategory)
class MeasureCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(MeasureType)
class MeasureTypeTranslationOptions(TranslationOptions):
    fields = ("name", "description", "synonyms")


@register(Measure)
class MeasureTranslationOptions(TranslationOptions):
    fields = ("title", "description")
