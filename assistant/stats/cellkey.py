"""The cell-key method: a small, fixed perturbation of every published count.

As in the Australian Bureau of Statistics' TableBuilder (and being introduced
at SCB): every register row has a *record key*, a pseudo-random number in
``[0, 1)`` derived from its id; a cell's *cell key* is the fractional part of
the sum of its rows' record keys; the cell's published count is its true count
plus a noise looked up from the cell key in a fixed perturbation table. The
same set of rows always gets the same noise, whichever table or question shows
it, so asking again or differencing two tables gives noise, not a count. An
empty cell has no rows and stays 0. Margins are perturbed like any other cell
(tables then need not add up).

The perturbation table here has noise from -2 to +2, mean 0 for every count
(variance 0.8 from 2 upwards), and never makes a count negative. Chosen with
``FINSAM_DISCLOSURE_METHOD=cellkey``; see README "Röjandeskydd".

Example:
    >>> perturb(10, 0.5), perturb(10, 0.99), perturb(0, 0.3)
    (10, 12, 0)
"""

from __future__ import annotations

#: Modulus of the record keys (the low 32 bits of DuckDB's ``hash(deltagar_id)``).
KEY_MODULUS = 2**32

#: Noise and its probability, by true count (a count of 2 or more uses ``None``).
PERTURBATION: dict[int | None, tuple[tuple[int, float], ...]] = {
    1: ((-1, 0.30), (0, 0.45), (1, 0.20), (2, 0.05)),
    None: ((-2, 0.05), (-1, 0.20), (0, 0.50), (1, 0.20), (2, 0.05)),
}


def cell_key(key_sum: int) -> float:
    """The cell key from the sum of the rows' record keys."""
    return (key_sum % KEY_MODULUS) / KEY_MODULUS


def perturb(count: int, key: float) -> int:
    """The published count: ``count`` plus the noise the cell key picks (0 stays 0)."""
    if count <= 0:
        return count
    table = PERTURBATION[1] if count == 1 else PERTURBATION[None]
    cumulative = 0.0
    for noise, probability in table:
        cumulative += probability
        if key < cumulative:
            return max(count + noise, 0)
    return max(count + table[-1][0], 0)
