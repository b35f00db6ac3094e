"""The margin of error with the finite population correction (docs/statistics.md), checked
against a computation that shares nothing with ours: the sampling distribution of a share when n
of N people answer (drawing without replacement is hypergeometric), from scipy.stats, at the
most cautious share p = ½ and at others."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom, norm

from vereinbar.surveys.statistics import margin_of_error


def hypergeometric_margin(n: int, population: int, confidence: float, share: float) -> float:
    """z × the standard deviation of the sample share, from scipy's hypergeometric distribution
    of favourable people among n drawn from N of whom share × N are favourable."""
    favourable = share * population
    assert favourable == int(favourable)  # a whole number of favourable people
    sd = math.sqrt(hypergeom(population, int(favourable), n).var()) / n
    return 100 * norm.ppf(0.5 + confidence / 2) * sd


# scipy computes all four moments of the law; the higher ones divide by zero when everyone answered.
@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@settings(max_examples=200, deadline=None)
@given(
    population=st.integers(2, 4000).map(lambda n: n * 2),  # even, so that ½ of it is a whole count
    fraction=st.floats(0.001, 1.0),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_the_margin_matches_the_hypergeometric_distribution_at_half(population, fraction, confidence):
    n = max(1, min(population, round(population * fraction)))
    ours = margin_of_error(n, population, confidence=confidence)
    assert ours == pytest.approx(hypergeometric_margin(n, population, confidence, 0.5), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(("n", "population", "favourable"), [(30, 40, 28), (120, 150, 90), (52, 210, 168)])
def test_the_margin_matches_at_other_shares(n, population, favourable):
    share = favourable / population
    ours = margin_of_error(n, population, confidence=0.9, share=share)
    assert ours == pytest.approx(hypergeometric_margin(n, population, 0.9, share), rel=1e-9)


def test_everyone_answered_leaves_no_margin_and_one_person_short_leaves_some():
    assert margin_of_error(150, 150, confidence=0.9) == 0.0
    assert 0 < margin_of_error(149, 150, confidence=0.9) < margin_of_error(148, 150, confidence=0.9)
