"""Django's own texts that its Dutch catalogue lacks: Django 6.1 wrote the password length error
anew ("%d" for "%(min_length)d") and its Dutch file still holds only the old text, so a Dutch
page fell back to the German one. Listed here, the msgids come into the project's catalogue
(LOCALE_PATHS), which Django reads before its own. Nothing imports this module: makemessages
reads it. Keep the texts exactly as Django writes them; tests/accounts/test_django_texts.py
finds the next one."""

from django.utils.translation import ngettext_lazy

TEXTS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
