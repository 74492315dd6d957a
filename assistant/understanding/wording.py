"""Small pieces of Swedish wording shared by answers, hints and drafts.

Example:
    >>> join_swedish(["Bromma", "Farsta", "Skarpnäck"])
    'Bromma, Farsta och Skarpnäck'
"""

from __future__ import annotations

from collections.abc import Iterable


def join_swedish(parts: Iterable[str]) -> str:
    """A Swedish list: "a, b och c" (one item as it is, none as "")."""
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]
