"""The fixed parts of the page frame (``core/base.html``), worked out once per process instead of
on every page: ``{% frame_url 'news:list' %}`` for an address without arguments (per URLconf,
script prefix and language), ``{% frame_static 'vereinbar/css/main.css' %}`` for a static file's
address, and ``{% frame_languages as switcher_languages %}`` for the language switcher's names
(once) and links. Each is the same as ``{% url %}``, ``{% static %}`` and the language tags give,
which depend only on the settings, the URLconf and the translations a process starts with; a test
that changes a setting empties them. Every page renders the frame, and these took about a third of its CPU
(docs/performance.md, "eighth round")."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

register = template.Library()


@register.simple_tag
def frame_url(name: str) -> str:
    """``{% url name %}`` of an address without arguments, reversed once per URLconf, script
    prefix and language."""
    return reversed_url(name)


def reversed_url(name: str) -> str:
    """``reverse(name)`` of an address without arguments, kept per URLconf, script prefix and
    language."""
    return _reversed(get_urlconf(), get_script_prefix(), translation.get_language(), name)


@lru_cache(maxsize=1024)
def _reversed(urlconf: str | None, prefix: str, language: str | None, name: str) -> str:
    # The key holds what reverse() reads besides the name: the current URLconf, prefix and language.
    return reverse(name, urlconf=urlconf)


@register.simple_tag
@cache
def frame_static(path: str) -> str:
    """``{% static path %}``: the address of a static file (its hashed name from the manifest,
    which a process loads once)."""
    return static(path)


@register.simple_tag(takes_context=True)
def frame_languages(context: template.Context) -> list[tuple[str, str, str]]:
    """The language switcher's links: code, the language's name in itself ("Nederlands" on
    every page, as a reader looking for their language expects it) and the address of this
    page (the view's ``next_path``, else the request's) in that language, in the order of
    ``LANGUAGES``. The addresses differ only in their language prefix (no path is translated);
    a page without one, or rendered without a request, links to each home."""
    request = context.get("request")
    path = str(context.get("next_path") or (request.get_full_path() if request is not None else ""))
    prefix = f"{get_script_prefix()}{translation.get_language()}/"
    rest = path[len(prefix) :] if path.startswith(prefix) else None
    links = []
    for code, name in _language_names():
        if rest is not None:
            address = f"{get_script_prefix()}{code}/{rest}"
        else:
            with translation.override(code):
                address = reversed_url("core:home")
        links.append((code, name, address))
    return links


@cache
def _language_names() -> tuple[tuple[str, str], ...]:
    return tuple((code, str(translation.get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES)


def _forget(**kwargs: Any) -> None:
    _reversed.cache_clear()
    frame_static.cache_clear()  # type: ignore[attr-defined]
    _language_names.cache_clear()


setting_changed.connect(_forget, dispatch_uid="vereinbar.core.frame")
