"""Django forms rendered with the markup of the KERN-UX design system (docs/architecture.md).

The templates in core/form_templates/ replace Django's form, field, label, error and widget
templates of the same names; every other form template comes from Django."""

from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend


class KernBoundField(BoundField):
    """A field whose label takes no colon: KERN's labels stand above their field without one, as
    the hand-written labels and the checkboxes' do. A field that names its own suffix keeps it.

    A form sent back with errors opens at the first of them: that field takes the focus
    (``autofocus``), so a screen reader reads its label and, through ``aria-describedby``, its
    error, and a keyboard user types the correction at once. A form-wide error (``errors/list/ul.html``)
    takes the focus itself and no field does; a field's own autofocus (the sign-in's address)
    gives way to either."""

    def label_tag(self, contents: Any = None, attrs: Any = None, label_suffix: Any = None, tag: Any = None) -> Any:
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""  # instead of the form's default, Django's ":"
        return super().label_tag(contents, attrs, label_suffix, tag)

    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        form = self.form
        if form.is_bound and form.errors:
            attrs["autofocus"] = self.name == _first_field_in_error(form)
        return attrs


def _first_field_in_error(form: django.forms.BaseForm) -> str | None:
    """The visible field whose error is read first, or None when the form's own error is."""
    if form.non_field_errors():
        return None
    return next(
        (name for name, field in form.fields.items() if name in form.errors and not field.widget.is_hidden), None
    )


class KernFormRenderer(DjangoTemplates):
    """Renders forms and fields with KERN's classes (kern-form-input, kern-label, kern-hint,
    kern-error, kern-form-check) without a class to set in every form, and their labels without
    a colon (``KernBoundField``)."""

    bound_field_class = KernBoundField

    @cached_property
    def engine(self) -> DjangoTemplatesBackend:
        return DjangoTemplatesBackend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(__file__).parent / "form_templates", Path(django.forms.__file__).parent / "templates"],
                "NAME": "kernforms",
                "OPTIONS": {},
            }
        )
