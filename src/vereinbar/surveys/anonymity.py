"""Anonymity rules for survey reports: minimum group size and complementary suppression.

Pure functions over numpy arrays; no Django. A *group* is a set of responses that a report
shows figures for (the organisation, a unit with all its sub-units, an age band, a unit
crossed with an age band, ...). Groups are boolean membership rows over the responses.
A *measure* is one kind of figure, such as the number of responses or the answers to one
scale; its *weight* on a response is 1 when the response counts towards it.

Rules, applied to each measure separately:

1. Minimum group size: a group with fewer than ``k`` counted responses is suppressed
   (``below_k``). ``k`` defaults to 5; a survey can never set it below 5
   (``surveys.models.MIN_K``). These functions accept 3 upwards, so that the rules can be
   checked on small examples.
2. Complementary suppression (``complementary``): further groups are suppressed until
   (a) no linear combination of the published groups (sums and differences, with any
   coefficients) isolates a non-empty set of fewer than ``k`` counted responses, and
   (b) no suppressed group can be computed from the published ones.
   Each step suppresses the smallest published group whose removal closes the leak found.
3. Comments (free text) are shown for a group only if it is published, has at least
   ``comment_k`` responses (default 10, never below ``k``), and every cell of the partition
   formed by all groups whose comments are shown has either none or at least ``comment_k``
   responses. Comments can be matched as text, so an attacker can intersect lists as well
   as subtract them; the partition rule covers intersections (``comment_overlap``).

Attacks covered (each is a linear combination, so rule 2 covers all of them):

- total minus the other groups of a breakdown, when one group is suppressed (the next
  smallest group of the breakdown is suppressed as well);
- a parent unit minus its published sub-units (the unit tree);
- two breakdowns crossed at their margins (units and age bands published separately, or
  unit × age band cells next to both margins);
- two overlapping or nested groups that differ by fewer than ``k`` responses, and any
  longer chain of such differences;
- scales answered by fewer people than the group has members (each scale is its own
  measure, so its cells are suppressed on the scale's own counts).

Survey waves (several surveys of one organisation with the same questionnaire): a group
shown in two waves with counts that differ by 1 to k - 1 could be the same people plus
or minus fewer than k, whose answers the difference of the two sums would give. Such cells
are decided in ``report/waves.py`` and enter rule 2 here as suppressed from the start
(``wave_difference``), so that they cannot be worked out from the other figures either.

Not covered, by design: knowledge from outside the report (a manager who knows how one
person answered), a group where everyone gave the same answer (homogeneity), combinations
across waves of groups that are not the same group (units renamed or regrouped between
waves), and inference from bounds (scores lie in 0-100, counts are non-negative). Reports
should therefore be read by groups of people, and the group structure should be stable
between survey waves.

How rule 2 is checked: responses with the same membership in every group form *atoms*.
Every published figure is a sum over atoms, so a combination isolating a small set is a
vector in the row space of the published membership matrix (columns: atoms) whose support
holds fewer than ``k`` responses. Such supports can only use atoms smaller than ``k``;
the search projects the row space onto those atoms and tests every candidate support (a
set of small atoms weighing less than ``k`` in total) with one eigenvalue each. If the
number of candidates exceeds a budget, the whole group of linked small atoms counts as a
leak, which suppresses more than necessary but never less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MIN_K = 3
DEFAULT_K = 5
DEFAULT_COMMENT_K = 10

_TOL = 1e-9
_MAX_CANDIDATES = 25_000


class SuppressionReason(StrEnum):
    """Stable codes for why a figure is not shown; the UI layer translates them."""

    BELOW_K = "below_k"
    COMPLEMENTARY = "complementary"
    BELOW_COMMENT_K = "below_comment_k"
    COMMENT_OVERLAP = "comment_overlap"
    # Another survey wave shows the same group with a count differing by fewer than k.
    WAVE_DIFFERENCE = "wave_difference"


class SurveyDataError(ValueError):
    """Invalid survey data or configuration; ``code`` is a stable machine code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def validate_k(k: int, *, minimum: int = MIN_K) -> int:
    """Return ``k`` if it is an integer of at least ``minimum``, else raise ``k_below_minimum``."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise SurveyDataError("k_not_integer")
    if k < minimum:
        raise SurveyDataError("k_below_minimum")
    return int(k)


@dataclass(frozen=True)
class Groups:
    """Named groups of responses: ``membership[g, r]`` is True when response r is in group g."""

    keys: tuple[str, ...]
    membership: BoolArray

    def __post_init__(self) -> None:
        if self.membership.ndim != 2 or self.membership.shape[0] != len(self.keys):
            raise SurveyDataError("groups_shape_mismatch")
        if len(set(self.keys)) != len(self.keys):
            raise SurveyDataError("duplicate_group_key")
        object.__setattr__(self, "membership", np.asarray(self.membership, dtype=np.bool_))

    @property
    def n_groups(self) -> int:
        return len(self.keys)

    @property
    def n_responses(self) -> int:
        return int(self.membership.shape[1])

    def __add__(self, other: Groups) -> Groups:
        if other.n_responses != self.n_responses:
            raise SurveyDataError("groups_shape_mismatch")
        return Groups(self.keys + other.keys, np.vstack([self.membership, other.membership]))


def total_group(n_responses: int, key: str = "total") -> Groups:
    """The group of all responses."""
    return Groups((key,), np.ones((1, n_responses), dtype=np.bool_))


def category_groups(codes: npt.ArrayLike, keys: Sequence[str]) -> Groups:
    """One group per category; ``codes[r]`` is the category index of response r, -1 for none."""
    codes_arr = np.asarray(codes, dtype=np.int64)
    if codes_arr.size and (codes_arr.min() < -1 or codes_arr.max() >= len(keys)):
        raise SurveyDataError("category_out_of_range")
    return Groups(tuple(keys), codes_arr[None, :] == np.arange(len(keys))[:, None])


def unit_groups(unit_of_response: npt.ArrayLike, parent: npt.ArrayLike, keys: Sequence[str]) -> Groups:
    """One group per unit of a tree, holding the unit's own responses and those of all its sub-units.

    ``parent[u]`` is the parent unit index of u (-1 for a root); ``unit_of_response[r]`` is the
    unit a response belongs to (-1 for none).
    """
    parents = np.asarray(parent, dtype=np.int64)
    units = np.asarray(unit_of_response, dtype=np.int64)
    n_units = parents.size
    if len(keys) != n_units:
        raise SurveyDataError("groups_shape_mismatch")
    if n_units and (parents.min() < -1 or parents.max() >= n_units):
        raise SurveyDataError("unit_parent_out_of_range")
    if units.size and (units.min() < -1 or units.max() >= n_units):
        raise SurveyDataError("unit_out_of_range")
    # ancestor_or_self[a, u]: walk every unit up the tree at once, one step per level.
    ancestor_or_self = np.zeros((n_units, n_units), dtype=np.bool_)
    current = np.arange(n_units)
    columns = np.arange(n_units)
    for _ in range(n_units):
        alive = current >= 0
        ancestor_or_self[current[alive], columns[alive]] = True
        current = np.where(alive, parents[np.maximum(current, 0)], -1)
    if (current >= 0).any():
        raise SurveyDataError("unit_tree_has_cycle")
    membership = np.zeros((n_units, units.size), dtype=np.bool_)
    assigned = units >= 0
    membership[:, assigned] = ancestor_or_self[:, units[assigned]]
    return Groups(tuple(keys), membership)


def crossed_groups(first: Groups, second: Groups, separator: str = "&") -> Groups:
    """Every intersection of a group of ``first`` with a group of ``second`` (e.g. unit × age band)."""
    if first.n_responses != second.n_responses:
        raise SurveyDataError("groups_shape_mismatch")
    membership = first.membership[:, None, :] & second.membership[None, :, :]
    keys = tuple(f"{a}{separator}{b}" for a in first.keys for b in second.keys)
    return Groups(keys, membership.reshape(len(keys), first.n_responses))


@dataclass(frozen=True)
class Atoms:
    """Responses with identical membership in every group; figures are sums over atoms."""

    membership: BoolArray  # (n_groups, n_atoms)
    of_response: IntArray  # (n_responses,) atom index of each response

    @property
    def n_atoms(self) -> int:
        return int(self.membership.shape[1])

    def sizes(self, counted: BoolArray | None = None) -> IntArray:
        """Responses per atom, or only those where ``counted`` is True."""
        weights = None if counted is None else np.asarray(counted, dtype=np.float64)
        sizes = np.bincount(self.of_response, weights=weights, minlength=self.n_atoms)
        return np.rint(sizes).astype(np.int64)


def atoms(groups: Groups) -> Atoms:
    """Split the responses into atoms of identical group membership."""
    if groups.n_responses == 0:
        return Atoms(np.zeros((groups.n_groups, 0), dtype=np.bool_), np.zeros(0, dtype=np.int64))
    packed = np.packbits(groups.membership, axis=0)  # (bytes, n_responses)
    patterns, inverse = np.unique(packed.T, axis=0, return_inverse=True)
    membership = np.unpackbits(patterns.T, axis=0, count=groups.n_groups).astype(np.bool_)
    return Atoms(membership, inverse.reshape(-1).astype(np.int64))


@dataclass(frozen=True)
class Suppression:
    """Which groups are suppressed for one measure, and why (primary or complementary)."""

    primary: BoolArray
    complementary: BoolArray

    @property
    def suppressed(self) -> BoolArray:
        return self.primary | self.complementary

    @property
    def published(self) -> BoolArray:
        return ~self.suppressed

    def reasons(self) -> tuple[str | None, ...]:
        """Per group: None if published, else a ``SuppressionReason`` code."""
        return tuple(
            SuppressionReason.BELOW_K.value if p else SuppressionReason.COMPLEMENTARY.value if c else None
            for p, c in zip(self.primary.tolist(), self.complementary.tolist(), strict=True)
        )


def suppress(
    membership: BoolArray, sizes: IntArray, k: int, *, already_suppressed: BoolArray | None = None
) -> Suppression:
    """Apply the minimum-group and complementary suppression rules to one measure.

    ``membership`` is (groups × atoms), ``sizes`` the counted responses per atom; groups in
    ``already_suppressed`` (e.g. suppressed for the response count) count as primary.

    Groups with the same counted members show the same figure, so they are decided once and
    share their fate (given twice, they would make the search hide more than needed). A group
    holding every counted response (the organisation as a whole) is never chosen to hide
    another group: it is suppressed only when it is below ``k`` itself, or when a leak runs
    through it alone (a group hidden for the whole report with the same members on this measure).
    """
    k = validate_k(k)
    member = np.asarray(membership, dtype=np.bool_)
    weights = np.asarray(sizes, dtype=np.int64)
    group_sizes = member.astype(np.int64) @ weights
    primary = group_sizes < k
    if already_suppressed is not None:
        primary |= np.asarray(already_suppressed, dtype=np.bool_)
    live = weights > 0
    if member.shape[0] == 0:
        return Suppression(primary=primary, complementary=np.zeros_like(primary))
    # One row per distinct set of counted members; a row is primary if any of its groups is.
    rows, first, of_group = np.unique(member[:, live], axis=0, return_index=True, return_inverse=True)
    of_group = of_group.reshape(-1)
    suppressed = np.zeros(rows.shape[0], dtype=np.bool_)
    np.logical_or.at(suppressed, of_group, primary)
    matrix = rows.astype(np.float64)
    live_sizes = weights[live]
    row_sizes = group_sizes[first]
    protected = rows.all(axis=1) & (row_sizes >= k)
    order = np.lexsort((first, row_sizes))
    while (leak := _find_leak(matrix, live_sizes, suppressed, k)) is not None:
        # Terminates: each round suppresses one more row, and with nothing published nothing leaks.
        suppressed[_choose_group_to_suppress(matrix, suppressed, leak, order, protected)] = True
    return Suppression(primary=primary, complementary=suppressed[of_group] & ~primary)


def select_comment_groups(
    membership: BoolArray, sizes: IntArray, comment_k: int, *, eligible: BoolArray | None = None
) -> tuple[BoolArray, tuple[str | None, ...]]:
    """Choose the groups whose comments may be shown; returns the mask and a reason per group.

    Largest groups first; a group is added only if every cell of the partition formed by the
    chosen groups then holds zero or at least ``comment_k`` responses.
    """
    comment_k = validate_k(comment_k)
    member = np.asarray(membership, dtype=np.bool_)
    weights = np.asarray(sizes, dtype=np.int64)
    group_sizes = member.astype(np.int64) @ weights
    allowed = np.ones(member.shape[0], dtype=np.bool_) if eligible is None else np.asarray(eligible, dtype=np.bool_)
    chosen = np.zeros(member.shape[0], dtype=np.bool_)
    reasons: list[str | None] = [None] * member.shape[0]
    for g in np.lexsort((np.arange(member.shape[0]), -group_sizes)).tolist():
        if not allowed[g] or group_sizes[g] < comment_k:
            reasons[g] = SuppressionReason.BELOW_COMMENT_K.value
            continue
        trial = chosen.copy()
        trial[g] = True
        _, cell = np.unique(member[trial].T, axis=0, return_inverse=True)
        cell_sizes = np.bincount(cell.reshape(-1), weights=weights * member[trial].any(axis=0))
        if np.any((cell_sizes > 0) & (cell_sizes < comment_k)):
            reasons[g] = SuppressionReason.COMMENT_OVERLAP.value
        else:
            chosen = trial
    return chosen, tuple(reasons)


# --- the audit -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Leak:
    """Either a set of atoms that a published combination isolates, or a derivable group."""

    support: BoolArray | None = None
    group: int | None = None


def _orthonormal_rows(matrix: FloatArray) -> FloatArray:
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return np.zeros((0, matrix.shape[1]))
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int(np.sum(singular > _TOL * max(1.0, float(singular[0]))))
    return vt[:rank]


def _rank(matrix: FloatArray) -> int:
    return int(_orthonormal_rows(matrix).shape[0])


def _left_null_space(matrix: FloatArray) -> FloatArray:
    """Columns x with x @ matrix == 0."""
    rows = matrix.shape[0]
    if matrix.shape[1] == 0:
        return np.eye(rows)
    u, singular, _ = np.linalg.svd(matrix, full_matrices=True)
    rank = int(np.sum(singular > _TOL * max(1.0, float(singular[0])))) if singular.size else 0
    return u[:, rank:]


def _isolated_dimension(matrix: FloatArray, support: BoolArray) -> int:
    """Dimension of the published combinations that vanish outside ``support``."""
    return _rank(matrix) - _rank(matrix[:, ~support])


def _find_leak(matrix: FloatArray, sizes: IntArray, suppressed: BoolArray, k: int) -> _Leak | None:
    published = matrix[~suppressed]
    support = _isolating_support(published, sizes, k)
    if support is not None:
        return _Leak(support=support)
    targets = np.flatnonzero(suppressed & matrix.any(axis=1))
    if targets.size:
        basis = _orthonormal_rows(published)
        rows = matrix[targets]
        residual = rows - (rows @ basis.T) @ basis
        derivable = np.linalg.norm(residual, axis=1) < 1e-7
        if derivable.any():
            return _Leak(group=int(targets[np.argmax(derivable)]))
    return None


def _isolating_support(published: FloatArray, sizes: IntArray, k: int) -> BoolArray | None:
    """Atoms (mask) carrying a published combination that counts fewer than k responses, or None."""
    live = published.any(axis=0)
    if published.shape[0] == 0 or not live.any():
        return None
    columns = np.flatnonzero(live)
    # Atoms that no published group tells apart always share one coefficient: merge them.
    patterns, inverse = np.unique(published[:, columns].T > 0.5, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    merged_sizes = np.bincount(inverse, weights=sizes[columns]).astype(np.int64)
    small = merged_sizes < k
    if not small.any():
        return None
    merged = patterns.T.astype(np.float64)
    # Combinations that cancel on every large atom live on the small atoms only.
    null = _left_null_space(merged[:, ~small])
    if null.shape[1] == 0:
        return None
    basis = _orthonormal_rows(null.T @ merged[:, small])
    if basis.shape[0] == 0:
        return None
    found = _search_small_support(basis.T @ basis, merged_sizes[small], k)
    if found is None:
        return None
    hit = np.flatnonzero(small)[found]
    support = np.zeros(published.shape[1], dtype=np.bool_)
    support[columns[np.isin(inverse, hit)]] = True
    return support


def _search_small_support(projection: FloatArray, sizes: IntArray, k: int) -> IntArray | None:
    """Smallest set of coordinates, weighing < k, that carries a vector of the projected space.

    A vector of the space lies within coordinates T exactly when the projection restricted
    to T has eigenvalue 1. Minimal supports lie within one linked component.
    """
    linked = np.abs(projection) > _TOL
    n_components, labels = connected_components(csr_array(linked), directed=False)
    active = np.diag(projection) > _TOL
    budget = _MAX_CANDIDATES
    for component in range(n_components):
        members = np.flatnonzero(active & (labels == component))
        weight_of = sizes[members]
        # Candidate sets of one, two, ... coordinates (positions in ``members``), lightest first.
        subsets = np.flatnonzero(weight_of < k)[:, None]
        weights = weight_of[subsets[:, 0]]
        while subsets.shape[0]:
            budget -= subsets.shape[0]
            if budget < 0:
                return members  # too many to test: count the linked atoms as one leak
            chosen = members[subsets]
            largest = np.linalg.eigvalsh(projection[chosen[:, :, None], chosen[:, None, :]])[:, -1]
            hits = np.flatnonzero(largest > 1.0 - 1e-8)
            if hits.size:
                return chosen[hits[0]]
            grow = (np.arange(members.size)[None, :] > subsets[:, -1:]) & (weights[:, None] + weight_of[None, :] < k)
            rows, columns = np.nonzero(grow)
            subsets = np.hstack([subsets[rows], columns[:, None]])
            weights = weights[rows] + weight_of[columns]
    return None


def _choose_group_to_suppress(
    matrix: FloatArray, suppressed: BoolArray, leak: _Leak, order: IntArray, protected: BoolArray
) -> int:
    """The smallest published group whose suppression closes ``leak``; a protected group (the
    organisation as a whole) only when the leak runs through protected groups alone."""
    published_order = [int(g) for g in order if not suppressed[g]]
    candidates = [g for g in published_order if not protected[g]]
    for g in candidates:
        keep = ~suppressed
        keep[g] = False
        if not _leak_remains(matrix[keep], matrix, leak):
            return g
    # No single group closes it: suppress the smallest group taking part in the leak.
    published_rows = np.flatnonzero(~suppressed)
    published = matrix[published_rows]
    if leak.support is not None:
        null = _left_null_space(published[:, ~leak.support])
        images = np.linalg.norm(null.T @ published, axis=1)
        coefficients = null[:, int(np.argmax(images))]
    else:
        assert leak.group is not None
        coefficients = np.linalg.lstsq(published.T, matrix[leak.group], rcond=None)[0]
    involved = set(published_rows[np.abs(coefficients) > 1e-7].tolist())
    if not candidates:
        # Only protected groups are left, and the leak runs through them alone.
        return next((g for g in published_order if g in involved), published_order[0])
    if leak.support is not None:
        # A group whose removal shrinks the combinations isolating the support makes progress.
        dimension = _isolated_dimension(published, leak.support)
        for g in candidates:
            keep = ~suppressed
            keep[g] = False
            if _isolated_dimension(matrix[keep], leak.support) < dimension:
                return g
    # Otherwise one of the unprotected groups taking part, or the smallest one: each round
    # hides one more unprotected group, and a protected group alone (the whole organisation,
    # at least k people) isolates nobody, so the protected group is never needed here.
    return next((g for g in candidates if g in involved), candidates[0])


def _leak_remains(published: FloatArray, matrix: FloatArray, leak: _Leak) -> bool:
    if leak.support is not None:
        return _isolated_dimension(published, leak.support) > 0
    assert leak.group is not None
    return _rank(np.vstack([published, matrix[leak.group]])) == _rank(published)
