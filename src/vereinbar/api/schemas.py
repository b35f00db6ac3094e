from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class InSchema(Schema):
    """A request body: a JSON object. ninja's Schema reads any value as an object whose
    attributes are all missing, so a body of ``[null, null]`` or ``3`` would pass as a
    schema whose fields are all optional; here it is refused (422) instead."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data  # ninja's Schema wraps the value first
        if not isinstance(raw, dict):
            raise ValueError(_("Expected a JSON object."))
        return data
