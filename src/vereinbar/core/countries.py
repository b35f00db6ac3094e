"""Countries as people read them: names in the reader's language (django-countries' catalogue),
for selects that store the two-letter ISO code and for pages that show one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

# Where the programmes on the platform are run: listed first in a country select.
SERVED = ("DE", "NL", "AT", "BE", "CH", "LU")


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself if it is no ISO country."""
    return str(countries.name(code.upper())) or code


def language_name(code: str) -> str:
    """A language code as its name in the active language ("nl" reads "Niederländisch" on a
    German page); the code itself when Django does not know it."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def country_choices() -> list[tuple[Any, Any]]:
    """A blank choice, the countries the programmes serve, then all others (each by name)."""
    names = dict(countries)
    served = [(code, str(names[code])) for code in SERVED if code in names]
    others = [(code, str(name)) for code, name in countries if code not in SERVED]
    return [("", _("– choose –")), (_("Countries of the programmes"), served), (_("All countries"), others)]


class CountryField(forms.ChoiceField):
    """A required select of countries by name that cleans to the ISO code ("DE")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Country"))
        super().__init__(choices=country_choices, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "country")

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().upper()
