"""Lists that can grow answer in pages, one shape for the whole API; filters name their values.

A paged list answers ``{count, page, pages, next, previous, results}`` (the directory's
``count``, ``page``, ``pages`` and ``results``, with the links): ``page`` from 1, ``page_size``
up to ``MAX_PAGE_SIZE`` (``DEFAULT_PAGE_SIZE`` without it). A page past the last answers no
``results`` (``count`` and ``pages`` still tell how many there are), ``previous`` then the last
page. ``next`` and ``previous`` are absolute addresses on the installation's ``SITE_URL`` with
the request's other parameters, so that a script follows ``next`` until it is ``null``.

Each list is in a stable order whose last key is unique (the id), so that pages neither repeat
nor skip a row while nothing changes; the page's rows are read in a fixed number of queries
(``count``, the slice, and what the caller's ``convert`` reads for the whole page at once).

A filter with enumerated values is ``Choice[SomeEnum]``: the OpenAPI schema lists the values,
and an unknown value is 422 ``invalid_input`` naming the parameter (``details[].field``) and
the values allowed (``Choose one of: …``). An empty value means no filter, as before.

A paged list refuses a query parameter it does not read (``refuse_unknown_parameters``, installed
for the whole API): 422 ``invalid_input`` naming it, so that a script's typo or an old ``limit``
does not quietly answer the first page of the whole list. Only the cache-busting ``_`` is let
through (``CACHE_BUSTER``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache, wraps
from math import ceil
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, create_model

from .errors import ApiError

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# Parameters of other paging styles (the history's ``limit`` before December 2026).
OTHER_PAGING = ("limit", "offset")
# A cache-busting parameter (``_=<time>``, sent by jQuery's ``cache: false`` and by scripts that
# defeat a proxy's cache) carries no meaning for any list, so it is neither refused nor read.
CACHE_BUSTER = "_"

T = TypeVar("T")


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


# An enumerated filter; an empty value is no filter (``?status=`` as before).
Choice = Annotated[T | None, BeforeValidator(_blank_is_none)]


class PageIn(Schema):
    page: int = Field(1, ge=1, description="The page, from 1. Past the last page: no results.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Results a page, at most {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
    )


class PageOut(Schema):
    count: int = Field(description="How many results there are in all pages.")
    page: int = Field(description="This page (from 1).")
    pages: int = Field(description="How many pages there are (at least 1).")
    next: str | None = Field(description="The absolute address of the next page; null on the last.")
    previous: str | None = Field(
        description="The absolute address of the previous page (past the last: the last page); null on the first."
    )


@cache
def paged(item: type[Schema]) -> type[Schema]:
    """The page schema of a list of ``item`` (``CycleOut`` → ``CyclePage``)."""
    name = item.__name__.removesuffix("Out") + "Page"
    model: type[Schema] = create_model(
        name,
        __base__=PageOut,
        results=(list[item], Field(description="The results of this page.")),  # type: ignore[valid-type]
    )
    return model


def page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{settings.SITE_URL}{request.path}?{query.urlencode()}"


def page_of(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    paging: PageIn,
    convert: Callable[[list[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """The page ``paging`` asks for of ``items`` (ordered, the id last). ``convert`` turns the
    page's rows into results at once (one query for the whole page, never one a row)."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    size = paging.page_size
    pages = max(1, ceil(count / size))
    start = (paging.page - 1) * size
    rows = list(items[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": paging.page,
        "pages": pages,
        "next": page_link(request, paging.page + 1) if paging.page < pages else None,
        "previous": page_link(request, min(paging.page - 1, pages)) if paging.page > 1 else None,
        "results": convert(rows) if convert is not None else rows,
    }


def absolute(path: str) -> str:
    """An address of this installation, absolute on ``SITE_URL`` (never the request's Host)."""
    return settings.SITE_URL + path


def _parameter_names(model: BaseModel) -> Iterator[str]:
    """The query parameters a parsed schema was read from (ninja flattens nested schemas)."""
    for attr, info in type(model).model_fields.items():
        value = getattr(model, attr)
        if isinstance(value, BaseModel):
            yield from _parameter_names(value)
        else:
            yield info.alias or attr


def refuse_unknown_parameters(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (422) a query parameter that a paged list does not read: ninja drops those.

    Installed with ``api.add_decorator`` (mode "operation": after authentication, the permission
    check and parsing), it reads the parameters from what ninja parsed for the view: the list's
    schemas (``PageIn`` and its filters) and any single parameter. Other operations are left as
    they are."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **values: Any) -> Any:
        if any(isinstance(value, PageIn) for value in values.values()):
            path = request.resolver_match.kwargs if request.resolver_match else {}
            known: set[str] = set()
            for name, value in values.items():
                if isinstance(value, BaseModel):
                    known.update(_parameter_names(value))
                elif name not in path:
                    known.add(name)
            unknown = [name for name in request.GET if name not in known and name != CACHE_BUSTER]
            if unknown:
                raise ApiError(
                    422,
                    "invalid_input",
                    _("The request contains invalid data."),
                    [{"field": name, "message": unknown_parameter_message(name, known)} for name in unknown],
                )
        return view(request, *args, **values)

    return checked


def unknown_parameter_message(name: str, known: set[str]) -> str:
    if name in OTHER_PAGING:
        return _("This list answers in pages: send page (from 1) and page_size (at most %(max)s) instead.") % {
            "max": MAX_PAGE_SIZE
        }
    return _("This list does not take this parameter. Parameters it takes: %(known)s.") % {
        "known": ", ".join(f"'{known_name}'" for known_name in sorted(known))
    }
