"""The announcement form: headline, text and photo texts in each language, the photo itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vereinbar.core.images import IMAGE_ACCEPT
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import Programme

from .models import Announcement
from .services import LANGUAGES, TRANSLATED

TERMS_HELP = gettext_lazy("Who may reuse the photo and how, e.g. “Free for press use with credit”.")

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class AnnouncementForm(forms.Form):
    """Built per request (labels name the language); ``operators`` limit the choices on creation."""

    def __init__(
        self,
        *args: Any,
        operators: QuerySet[Organisation],
        announcement: Announcement | None = None,
        fixed_programme: Programme | None = None,
        **kwargs: Any,
    ) -> None:
        if announcement is not None:
            initial = {
                f"{name}_{code}": getattr(announcement, f"{name}_{code}") or ""
                for name in TRANSLATED
                for code in LANGUAGES
            }
            initial["photo_credit"] = announcement.photo_credit
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if announcement is None:
            self.fields["operator"] = forms.ModelChoiceField(
                queryset=operators, label=_("Operator"), initial=operators.first() if operators.count() == 1 else None
            )
            if fixed_programme is None:
                self.fields["programme"] = forms.ModelChoiceField(
                    queryset=Programme.objects.filter(operator__in=operators)
                    .select_related("current_version")
                    .order_by("identifier"),
                    label=_("Programme"),
                    required=False,
                    help_text=_("The announcement also appears in this programme's feed."),
                )
        for code in LANGUAGES:
            language = str(LANGUAGE_NAMES[code])
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Headline (%(language)s)") % {"language": language}, max_length=200, required=False
            )
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": language},
                widget=forms.Textarea(attrs={"rows": 8}),
                required=False,
            )
        self.fields["photo"] = forms.FileField(
            label=_("Photo"),
            required=False,
            widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
            help_text=_("PNG, JPEG or WebP, at most 5 MB."),
        )
        if announcement is not None and announcement.photo:
            self.fields["remove_photo"] = forms.BooleanField(label=_("Remove the photo"), required=False)
        for code in LANGUAGES:
            language = str(LANGUAGE_NAMES[code])
            self.fields[f"photo_caption_{code}"] = forms.CharField(
                label=_("Caption (%(language)s)") % {"language": language}, max_length=300, required=False
            )
        self.fields["photo_credit"] = forms.CharField(label=_("Photo credit"), max_length=200, required=False)
        for code in LANGUAGES:
            language = str(LANGUAGE_NAMES[code])
            self.fields[f"photo_terms_{code}"] = forms.CharField(
                label=_("Usage terms (%(language)s)") % {"language": language},
                max_length=300,
                required=False,
                help_text=TERMS_HELP,
            )

    def texts(self) -> dict[str, str]:
        keys = [f"{name}_{code}" for name in TRANSLATED for code in LANGUAGES] + ["photo_credit"]
        return {key: self.cleaned_data.get(key) or "" for key in keys}
