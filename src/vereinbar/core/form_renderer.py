"""Django forms rendered with the markup of the KERN-UX design system (docs/architecture.md).

The templates in core/form_templates/ replace Django's form, field, label, error and widget
templates of the same names; every other form template comes from Django."""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend


class KernFormRenderer(DjangoTemplates):
    """Renders forms and fields with KERN's classes (kern-form-input, kern-label, kern-hint,
    kern-error, kern-form-check) without a class to set in every form."""

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
