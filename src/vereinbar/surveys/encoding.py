"""Answers as a compact float32 vector per response, in the instrument's column order.

likert / yes_no / single_choice: the answer position 1..L (yes/no: 1 = no, 2 = yes);
multiple_choice: a bit mask of the chosen options (bit i = option i + 1, at most 24);
number: the number; NaN: not answered. Free text is not in the vector (comments are kept
apart). Stored little-endian, so the same bytes load on every platform.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from .instrument import InstrumentSpec

DTYPE = np.dtype("<f4")


def encode(spec: InstrumentSpec, answers: dict[str, Any]) -> bytes:
    """The answer vector of one person's draft answers."""
    vector = np.full(len(spec.value_items), np.nan, dtype=DTYPE)
    for item in spec.value_items:
        value = answers.get(item.key)
        if value is None or value == "" or value == []:
            continue
        if item.kind == "multiple_choice":
            vector[item.column] = sum(1 << (int(position) - 1) for position in value)
        else:
            number = float(value)
            if math.isfinite(number):
                vector[item.column] = number
    return vector.tobytes()


def decode_many(spec: InstrumentSpec, blobs: Iterable[bytes | memoryview]) -> npt.NDArray[np.float32]:
    """Responses × columns from the stored vectors: one join and one frombuffer, no loop per answer."""
    width = len(spec.value_items)
    data = b"".join(blobs)
    if not data:
        return np.zeros((0, width), dtype=DTYPE)
    return np.frombuffer(data, dtype=DTYPE).reshape(-1, width)


def chosen_options(mask_column: npt.NDArray[np.floating], n_options: int) -> npt.NDArray[np.bool_]:
    """Responses × options: which options each response ticked (False where unanswered)."""
    answered = ~np.isnan(mask_column)
    masks = np.where(answered, mask_column, 0).astype(np.int64)
    return ((masks[:, None] >> np.arange(n_options)[None, :]) & 1).astype(bool) & answered[:, None]
