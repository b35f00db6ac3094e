"""Every door of the site, taken from the URL resolver and the OpenAPI schema (never a hand
list), with its parameters filled from the fixture world."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

SKIPPED_PREFIXES = ("admin/",)  # Django's admin: its own permission system (is_staff), tested by Django


@dataclass(frozen=True)
class Door:
    route: str  # the route without the language prefix, e.g. "workspace/<slug:slug>/"
    names: tuple[str, ...]  # the converter names, in order
    callback: Any

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def _walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            part = "" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
            if (prefix + part).startswith(SKIPPED_PREFIXES):
                continue
            found += _walk(entry, prefix + part)
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.callback))
    return found


def doors() -> list[Door]:
    seen: dict[str, Door] = {}
    for route, callback in _walk(get_resolver()):
        names = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
        seen.setdefault(route, Door(route=route, names=names, callback=callback))
    return list(seen.values())


def page_doors() -> list[Door]:
    return [door for door in doors() if not door.is_api]


def fill(route: str, values: dict[str, Any], slug: str) -> str:
    """The path of a route with the world's values; ``slug`` fills <slug>."""
    special = dict(values)
    special["slug"] = slug
    special.setdefault("programme_slug", values["identifier"])
    special.setdefault("programme_key", values["identifier"].rsplit(":", 1)[-1])  # the operator's programme pages
    special.setdefault("provider_id", "no-such-provider")  # single sign-on: an unknown identity provider
    if route.startswith("verify/"):
        special["code"] = values["verify_code"]
    if "password/reset/" in route:
        special["token"] = values["user_token"]

    def value(match: re.Match[str]) -> str:
        return str(special[match.group(1)])

    return (
        "/en/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)
        if not route.startswith(("health/", "i18n/", "api/", "sso/", "operators/"))
        else "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    )


def api_operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path template, operation) for every operation of the OpenAPI schema."""
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method, path, operation))
    return found


def fill_api(path: str, values: dict[str, Any]) -> str:
    special = dict(values)
    if path.startswith("/api/v1/verify/"):
        special["code"] = values["verify_code"]
    return re.sub(r"{(\w+)}", lambda m: str(special[m.group(1)]), path)
