"""Forms of the organisation pages. They only parse input; the services check and change."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from vereinbar.accounts.models import User
from vereinbar.core.countries import CountryField
from vereinbar.core.images import IMAGE_ACCEPT

from . import brand
from .models import Contact, Organisation, OrganisationKind, Sector
from .selectors import UnitNode
from .services import CONTACT_FIELDS, PROFILE_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

_DESCRIPTION_LABELS = {
    "de": _("Description (German)"),
    "nl": _("Description (Dutch)"),
    "en": _("Description (English)"),
}


@dataclass(frozen=True)
class ColourProblem:
    """Why an operator's stored colour is not drawn (``brand.stored_colour`` passes it over and
    the installation's colour shows): for the page, and in short next to the field."""

    message: str
    short: str


def stored_colour_problem(organisation: Organisation) -> ColourProblem | None:
    """The problem of an operator's stored colour that today's rule (brand.py) would refuse,
    e.g. one stored under an older, weaker contrast rule; None when it is drawn or none is set."""
    colour = organisation.brand_colour or ""
    if not organisation.is_operator or not colour or brand.stored_colour(organisation):
        return None
    if not re.fullmatch(r"#[0-9a-f]{6}", colour):
        return ColourProblem(
            gettext(
                "The colour stored for your pages, %(colour)s, is not written as # and six hexadecimal digits, "
                "so your pages show the installation's colour instead. Enter a colour in the field below, "
                "or clear it."
            )
            % {"colour": colour},
            gettext("Enter the colour as # and six hexadecimal digits, e.g. #1a3da5."),
        )
    # Rounded down, as when a colour is refused: one just below the limit never reads as 4.50:1.
    values = {
        "colour": colour,
        "ratio": number_format(math.floor(brand.lowest_contrast(colour) * 100) / 100, decimal_pos=2),
        "minimum": number_format(brand.MINIMUM_CONTRAST, decimal_pos=1),
    }
    return ColourProblem(
        gettext(
            "The colour stored for your pages, %(colour)s, no longer meets the contrast rule, so your pages "
            "show the installation's colour instead. Where it is weakest, on a button in the page header "
            "while it is pressed, it reaches only %(ratio)s:1; text in it needs at least %(minimum)s:1 in "
            "every state (WCAG AA). Choose a darker shade in the field below, or clear it."
        )
        % values,
        pgettext(
            "stored operator colour",
            "Contrast only %(ratio)s:1 where it is weakest; at least %(minimum)s:1 is needed. Not used until "
            "you change it.",
        )
        % values,
    )


class ProfileForm(forms.Form):
    """The profile ("Steckbrief"). The logo field accepts PNG, JPEG and WebP.

    An operator's stored colour that today's contrast rule refuses is shown in the colour field
    with its problem as the field's error, before anything is entered (``colour_problem``)."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs["initial"] = {name: getattr(organisation, name) for name in PROFILE_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Organisation, fields=PROFILE_FIELDS))
        # The reader's own language first: a Dutch municipality writes Dutch, not German, first.
        own = translation.get_language()
        for language, label in sorted(_DESCRIPTION_LABELS.items(), key=lambda item: item[0] != own):
            self.fields.pop(f"description_{language}", None)  # re-added at the end, in this order
            self.fields[f"description_{language}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 5})
            )
        self.fields["country"] = CountryField(required=True)
        self.fields["logo"] = forms.FileField(
            label=_("Logo"),
            required=False,
            widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
            help_text=_("PNG, JPEG or WebP, at most 2 MB. It is shown at most 1,024 pixels wide."),
        )
        if organisation.logo:
            self.fields["remove_logo"] = forms.BooleanField(label=_("Remove the current logo"), required=False)
        if organisation.is_operator:
            self.fields["brand_colour"] = forms.CharField(
                label=_("Colour of your pages"),
                required=False,
                max_length=20,
                initial=organisation.brand_colour,
                widget=ColourInput(),
                help_text=_(
                    "Links and buttons on your pages take this colour. Enter # and six hexadecimal digits, "
                    "e.g. #1a3da5; it needs a contrast of at least 4.5:1 against the light grey of the page header, also "
                    "where a button tints that grey with the colour. Leave it empty for "
                    "the installation's colour. The square shows the colour in use now."
                ),
            )
        self.colour_problem = stored_colour_problem(organisation) if "brand_colour" in self.fields else None

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound and self.colour_problem is not None:
            self.errors["brand_colour"] = self.error_class([self.colour_problem.short], renderer=self.renderer)

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        logo = data.pop("logo", None)
        remove_logo = bool(data.pop("remove_logo", False))
        data.pop("brand_colour", None)
        return {"changes": data, "logo": logo, "remove_logo": remove_logo and logo is None}

    def brand_colour(self) -> str | None:
        """The colour entered (an operator's form), None where the form has no such field."""
        return self.cleaned_data.get("brand_colour") if "brand_colour" in self.fields else None


class ColourInput(forms.TextInput):
    """A text field for #rrggbb with a square beside it in the page's current action colour
    (set by the operator's theme stylesheet, organisations/brand.py; no inline style)."""

    template_name = "organisations/widgets/colour.html"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "colour-input", "autocomplete": "off", "spellcheck": "false"})


def _unit_choices(nodes: list[UnitNode], exclude: set[int]) -> list[tuple[str, Any]]:
    return [("", _("– top level –"))] + [
        (str(node.unit.pk), "\u2003" * node.depth + node.unit.name) for node in nodes if node.unit.pk not in exclude
    ]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.TypedChoiceField(
        label=_("Part of"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("A unit cannot be placed inside itself or one of its sub-units.")},
    )

    def __init__(self, *args: Any, nodes: list[UnitNode], exclude: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = {node.unit.pk: node.unit for node in nodes}
        cast(forms.ChoiceField, self.fields["parent"]).choices = _unit_choices(nodes, exclude or set())

    def service_arguments(self) -> dict[str, Any]:
        parent_id = self.cleaned_data["parent"]
        return {"name": self.cleaned_data["name"], "parent": self._units.get(parent_id) if parent_id else None}


class ContactForm(forms.ModelForm):
    """Parses a contact; never saved directly (``contact_create``/``contact_update`` do that)."""

    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    life_situations = forms.MultipleChoiceField(
        label=_("Can help with"),
        required=False,
        choices=Contact.situation_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Staff find this contact under these topics on the offers page, and always among all contacts. "
            "If none is ticked, the role decides: care guides under “Caring for a relative”, "
            "health leads under “Health”."
        ),
    )

    class Meta:
        model = Contact
        fields = list(CONTACT_FIELDS)  # what the service accepts; the unit is a field of its own
        widgets = {"trained_on": DATE_WIDGET, "visibility": forms.RadioSelect}

    # Who, where in the organisation, how and where and when to reach them, what for; then the rest.
    field_order = [
        "role",
        "name",
        "function",
        "unit",
        "email",
        "phone",
        "location",
        "office_hours",
        "life_situations",
        "trained_on",
        "visibility",
    ]

    def __init__(self, *args: Any, nodes: list[UnitNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = {node.unit.pk: node.unit for node in nodes}
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("– none –"))] + [
            (str(node.unit.pk), node.path) for node in nodes
        ]
        if self.instance.pk and self.instance.unit_id:
            self.initial["unit"] = self.instance.unit_id

    def _post_clean(self) -> None:
        # Model validation is the service's job, and the instance must stay untouched
        # until the service has compared old and new values.
        pass

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        unit_id = self.cleaned_data.get("unit")
        data["unit"] = self._units.get(unit_id) if unit_id else None
        return data


class RegistrationForm(forms.Form):
    """A new employer and, for visitors without an account, its first coordinator."""

    # The browser may fill in what it knows (WCAG 1.3.5): the person's name, the employer's name.
    # Not region and city: its saved address is the person's home, not the organisation's.
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(label=_("Kind"))
    # The optional fields say so in their labels (as "Note … (optional)" elsewhere): the rest is needed.
    sector = forms.ChoiceField(label=_("Sector (optional)"), required=False)
    country = CountryField()
    region = forms.CharField(label=_("Region (optional)"), max_length=120, required=False)
    city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    staff_count = forms.IntegerField(label=_("Number of staff (optional)"), min_value=1, required=False)
    full_name = forms.CharField(
        label=_("Your full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    language = forms.ChoiceField(label=_("Your language"), choices=settings.LANGUAGES)

    ACCOUNT_FIELDS = ("full_name", "email", "password", "password_again", "language")

    def __init__(self, *args: Any, with_account: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No kind chosen in advance: a registration must say which it is (a town hall once became a
        # district office because the first kind was taken as the answer).
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("– choose –")), *OrganisationKind.choices]
        # an optional select's empty choice says that nothing is chosen, as everywhere (core's select.html)
        cast(forms.ChoiceField, self.fields["sector"]).choices = [("", _("– none –")), *Sector.choices]
        if with_account:
            # Built per request, so the rules read in the visitor's language.
            self.fields["password"].help_text = password_validators_help_text_html()
        else:
            for name in self.ACCOUNT_FIELDS:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password_again" in self.fields and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords do not match."))
        if data.get("password"):
            # Checked with the other fields (the service checks it again): else a password too
            # short surfaced only once the rest was right, and had to be typed in twice more.
            user = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                validate_password(data["password"], user)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        details = {name: data.get(name) for name in ("name", "kind", "sector", "country", "region", "city")}
        details["staff_count"] = data.get("staff_count")
        arguments: dict[str, Any] = {"details": details}
        if "email" in self.fields:
            arguments.update(
                full_name=data["full_name"], email=data["email"], password=data["password"], language=data["language"]
            )
        return arguments


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Note to the organisation (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the organisation's coordinator, so they can correct the registration."),
    )
