"""The margin of error of a share estimated from a sample of a known population (docs/statistics.md).

Pure numbers, no Django: the survey statistics report it and the level rules of a programme
compare it with a bound (``max_margin_of_error``), so it sits below both.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri


class SampleError(ValueError):
    """Invalid sample or confidence; ``code`` is a stable machine code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def margin_of_error(answers: int, headcount: int, *, confidence: float = 0.95, share: float = 0.5) -> float:
    """Margin of error (percentage points) of a share estimated from ``answers`` people out of a
    population of ``headcount``: z × √(p (1 − p) / n) × √((N − n) / (N − 1)) × 100, with z the
    standard normal quantile for the two-sided ``confidence`` and the finite population
    correction; p = 0.5, the largest (most cautious) value, unless ``share`` is given."""
    if not 0.0 < confidence < 1.0:
        raise SampleError("invalid_confidence")
    if answers < 1 or headcount < answers:
        raise SampleError("answers_above_headcount")
    if headcount == 1:
        return 0.0
    z = float(ndtri(0.5 + confidence / 2))
    correction = (headcount - answers) / (headcount - 1)
    return 100.0 * z * float(np.sqrt(share * (1.0 - share) / answers * correction))
