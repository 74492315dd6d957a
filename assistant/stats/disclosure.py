"""The disclosure policy a register is used under, and the session ledger.

Threat model (README "Röjandeskydd"): the people who ask are the förbund's own
staff and politicians, and what they publish becomes a public document. Every
set of tables published together (one answer, one Statistik result, one
drafted tjänsteutlåtande) is audited as one linear system, so no count from 1
to ``threshold - 1`` can be computed from it. Questions in a row are covered by
a :class:`Ledger`: each new table is audited together with every table already
shown in the same conversation, Statistik session or draft, and only the new
table's cells may be hidden to protect the whole. What the ledger cannot see
(figures from another session or another person, put side by side afterwards)
is outside the threat model.

The policy travels with the register: :class:`~assistant.register.Register`
carries a :class:`DisclosurePolicy` (``register.with_disclosure(...)``), so
every statistics call on that register honours the settings it was loaded with.

Example:
    >>> from assistant.register import load_register
    >>> from assistant.settings import Settings
    >>> register = load_register(settings=Settings(suppression_threshold=10))
    >>> register.disclosure.threshold
    10
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings


@dataclass
class Ledger:
    """Tables already shown in one session, with each cell's status.

    Entries are kept per data file (path and sha256): a replaced register starts
    afresh. Thread-safe; one ledger per conversation, Statistik session or draft.

    Attributes:
        entries: ``(register id, table spec, {cell key: status})`` in publication order.
    """

    entries: list[tuple[tuple[str, str], Any, dict[Any, Any]]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def shown(self, register_id: tuple[str, str]) -> list[tuple[Any, dict[Any, Any]]]:
        """The tables shown from one register, oldest first."""
        with self._lock:
            return [(spec, status) for rid, spec, status in self.entries if rid == register_id]

    def record(self, register_id: tuple[str, str], spec: Any, status: dict[Any, Any]) -> None:
        """Remember a published table (a table already recorded is kept once)."""
        with self._lock:
            if not any(rid == register_id and s == spec for rid, s, _ in self.entries):
                self.entries.append((register_id, spec, dict(status)))

    def __len__(self) -> int:
        with self._lock:
            return len(self.entries)


@dataclass(frozen=True)
class DisclosurePolicy:
    """How figures from a register are protected.

    Attributes:
        threshold: Counts from 1 to ``threshold - 1`` are hidden and must not be
            computable from what is shown.
        ledger: The session's earlier tables, audited together with each new one
            (None: each publication is audited on its own).
    """

    threshold: int = 5
    ledger: Ledger | None = None

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"threshold must be at least 1, got {self.threshold}")

    @classmethod
    def from_settings(cls, settings: Settings, ledger: Ledger | None = None) -> DisclosurePolicy:
        """The policy the settings ask for."""
        return cls(threshold=settings.suppression_threshold, ledger=ledger)

    def with_ledger(self, ledger: Ledger | None) -> DisclosurePolicy:
        """The same policy with a session ledger."""
        return DisclosurePolicy(threshold=self.threshold, ledger=ledger)
