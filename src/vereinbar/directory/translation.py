from modeltranslation.translator import TranslationOptions, register

from .models import PracticeReport


@register(PracticeReport)
class PracticeReportTranslationOptions(TranslationOptions):
    fields = ("title", "text")
