"""The fixed parts of the page frame (``core/base.html``), worked out once per process instead of
on every page: ``{% frame_url 'news:list' %}`` for an address without arguments (per URLconf,
script prefix and language), ``{% frame_static 'vereinbar/css/main.css' %}`` for a static file's
address, and ``{% frame_languages as switcher_languages %}`` for the language switcher's names
(per language). Each is the same as ``{% url %}``, ``{% static %}`` and the language tags give,
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


@register.simple_tag
def frame_languages() -> tuple[tuple[str, str, str, str], ...]:
    """The languages of the switcher: code, code in capitals, its name in the page's language
    (the button's title, as ``{% get_available_languages %}`` gives it) and its name in itself
    (Django's language information), in the order of ``LANGUAGES``."""
    return _languages(translation.get_language())


@lru_cache(maxsize=64)
def _languages(language: str | None) -> tuple[tuple[str, str, str, str], ...]:
    return tuple(
        (code, code.upper(), str(name), str(translation.get_language_info(code)["name_local"]))
        for code, name in settings.LANGUAGES
    )


def _forget(**kwargs: Any) -> None:
    _reversed.cache_clear()
    frame_static.cache_clear()  # type: ignore[attr-defined]
    _languages.cache_clear()


setting_changed.connect(_forget, dispatch_uid="vereinbar.core.frame")
