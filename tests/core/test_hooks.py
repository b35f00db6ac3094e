"""Hooks (core/hooks.py): the one registry by which lower apps call the apps above them, and what
each app registers (a lost ``ready()`` registration fails here, not silently on a page)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from vereinbar.accounts import privacy
from vereinbar.certificates import public_profile
from vereinbar.core.hooks import Hook
from vereinbar.cycles import award_hooks, survey_hooks
from vereinbar.notifications import reminders
from vereinbar.organisations import operator_home, workspace_home
from vereinbar.programmes import display
from vereinbar.surveys import ranking, retention


def test_registrations_are_called_by_order_then_as_registered() -> None:
    hook: Hook[Callable[[], str]] = Hook("test")
    hook.register(lambda: "late", key="late", order=20)
    hook.register(lambda: "first", key="first", order=10)
    hook.register(lambda: "second", key="second", order=10)

    assert [call() for call in hook] == ["first", "second", "late"]
    assert hook.names() == ["first", "second", "late"]


def test_registering_a_key_again_replaces_it_in_its_place() -> None:
    hook: Hook[Callable[[], str]] = Hook("test")
    hook.register(lambda: "a", key="a")
    hook.register(lambda: "b", key="b")
    hook.register(lambda: "a again", key="a")

    assert [call() for call in hook] == ["a again", "b"]
    assert len(hook) == 2


def test_a_callable_registered_twice_without_a_key_counts_once() -> None:
    hook: Hook[Callable[[], int]] = Hook("test")

    def answer() -> int:
        return 42

    hook.register(answer)
    hook.register(answer)

    assert list(hook) == [answer]


def test_a_hook_that_needs_one_registration_says_when_it_has_none_or_two() -> None:
    hook: Hook[Callable[[], int]] = Hook("the answer")
    with pytest.raises(ImproperlyConfigured, match="0 apps registered the answer"):
        hook.one()
    hook.register(lambda: 42, key="a")
    assert hook.one()() == 42
    hook.register(lambda: 43, key="b")
    with pytest.raises(ImproperlyConfigured, match="2 apps registered"):
        hook.one()


def test_a_hook_by_key_says_which_key_nobody_registered() -> None:
    hook: Hook[Callable[[], int]] = Hook("the maker of a deliverable")
    hook.register(lambda: 1, key="survey")
    assert hook.get("survey")() == 1
    with pytest.raises(ImproperlyConfigured, match="for “carrier_pigeon”"):
        hook.get("carrier_pigeon")


def _name(key: Hashable) -> str:
    if isinstance(key, str):
        return key
    return f"{getattr(key, '__module__', '')}.{getattr(key, '__qualname__', key)}"


# Every hook of the project and what the apps register in it when Django has started.
REGISTERED: list[tuple[Hook[Any], list[str]]] = [
    (workspace_home.FIRST_STEPS, ["measures", "offers_link", "survey", "phase"]),
    (workspace_home.HOME_PARTS, ["cycles", "awards"]),
    (operator_home.OPERATOR_FLAGS, ["can_manage_news", "can_edit_legal_pages"]),
    (operator_home.OPERATOR_PARTS, ["cycles"]),
    (reminders.DAILY_STEPS, ["expired"]),
    (
        reminders.REMINDERS,
        ["vereinbar.certificates.reminders.award_reminders", "vereinbar.cycles.reminders.phase_reminders"],
    ),
    (display.INSTRUMENT_TITLES, ["vereinbar.surveys.selectors.instrument_title"]),
    (
        privacy.NAMED_BY_EMAIL,
        ["vereinbar.accounts.models.Invitation", "vereinbar.surveys.models.surveys.SurveyInvitation"],
    ),
    (survey_hooks.DELIVERABLES, ["survey"]),
    (survey_hooks.SURVEY_FIGURES, ["figures"]),
    (award_hooks.SOURCE, ["source"]),
    (ranking.AWARD_SOURCES, ["vereinbar.certificates.selectors.awards_for_ranking"]),
    (retention.STORED_REPORTS, ["vereinbar.privacy.retention.report_stored"]),
    (public_profile.PUBLIC_PROFILE, ["directory"]),
]


@pytest.mark.parametrize(("hook", "expected"), REGISTERED, ids=[hook.purpose for hook, _keys in REGISTERED])
def test_every_app_registers_what_the_pages_need(hook: Hook[Any], expected: list[str]) -> None:
    assert [_name(key) for key in hook.names()] == expected
