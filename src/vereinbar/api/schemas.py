from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, Field, Strict, model_validator

# Text that must say something: the schema says so (at least one character that is not a space),
# so that a schema-valid body is not refused for it.
NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


def _integral(value: Any) -> Any:
    """JSON Schema's ``integer`` includes numbers such as ``5.0``: read them as the integer."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# Reads a whole number as JSON Schema means it: 5 and 5.0, never "5", true or 5.5. Put it last,
# after the constraints, so that the published schema keeps them (``minimum``, ``maximum``):
# ``Annotated[int, Strict(), Ge(1), INTEGRAL]``.
INTEGRAL = BeforeValidator(_integral)
WholeNumber = Annotated[int, Strict(), INTEGRAL]


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
