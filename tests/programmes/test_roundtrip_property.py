"""Property: any valid definition survives load → export → load unchanged."""

from __future__ import annotations

import random

import yaml
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.programmes.conftest import load
from tests.programmes.strategies import definitions
from vereinbar.programmes.definition import content_hash, definition_check, definition_json, definition_yaml
from vereinbar.programmes.exporter import version_export
from vereinbar.programmes.services import LoadStatus


def as_yaml(data: dict, style: int) -> str:
    return yaml.safe_dump(
        data, allow_unicode=bool(style & 1), default_flow_style=bool(style & 2), sort_keys=bool(style & 4)
    )


@settings(max_examples=120, deadline=None)
@given(definitions(), st.integers(0, 7))
def test_canonical_form_is_a_fixed_point(data, style):
    checked = definition_check(as_yaml(data, style), filename="generated.yaml")
    assert checked.ok, [str(p) for p in checked.problems]
    canonical = checked.definition
    exported = definition_yaml(canonical)
    again = definition_check(exported, filename="export.yaml")
    assert again.ok, [str(p) for p in again.problems]
    assert again.definition == canonical
    assert content_hash(again.definition) == content_hash(canonical)
    assert definition_yaml(again.definition) == exported
    assert definition_check(definition_json(canonical), filename="export.json").definition == canonical


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(definitions())
def test_load_export_load_is_stable_in_the_database(db, data):
    with transaction.atomic():
        first = load(as_yaml(data, 0), filename="generated.yaml")
        assert first.status == LoadStatus.CREATED
        exported = version_export(first.version, "yaml").body
        second = load(exported, filename="export.yaml")
        assert second.status == LoadStatus.UNCHANGED
        assert second.version.pk == first.version.pk
        assert second.version.definition == first.version.definition
        transaction.set_rollback(True)


JUNK = [None, True, 7, -1, 2.5, "", "text", [], ["x"], {}, {"unexpected": 1}]


def mutate(data, rng: random.Random):
    """Change one place in the data to a value of a wrong kind, or drop it, or add a key."""
    node, path = data, []
    while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append((node, key))
        node = node[key]
    if not path:
        return data
    parent, key = path[-1]
    action = rng.random()
    if action < 0.3 and isinstance(parent, dict):
        del parent[key]
    elif action < 0.4 and isinstance(parent, dict):
        parent["surprise_" + str(rng.randrange(9))] = rng.choice(JUNK)
    else:
        parent[key] = rng.choice(JUNK)
    return data


@settings(max_examples=150, deadline=None)
@given(definitions(), st.randoms(use_true_random=False), st.integers(1, 4))
def test_checking_never_crashes_and_always_points_at_a_line(data, rng, mutations):
    for _ in range(mutations):
        data = mutate(data, rng)
    checked = definition_check(yaml.safe_dump(data, allow_unicode=True), filename="mutated.yaml")
    for problem in checked.problems:
        assert problem.line is not None and problem.line >= 1, problem
        assert problem.message
    if checked.ok:
        assert definition_check(definition_yaml(checked.definition), filename="x.yaml").definition == checked.definition
