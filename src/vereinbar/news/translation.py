from modeltranslation.translator import TranslationOptions, register

from .models import Announcement


@register(Announcement)
class AnnouncementTranslationOptions(TranslationOptions):
    fields = ("title", "text", "photo_caption", "photo_terms")
