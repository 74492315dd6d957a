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
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.register.dataset import Register
    from assistant.settings import Settings


@dataclass
class Ledger:
    """Tables already shown in one session, with each cell's status.

    Entries are kept per data file (path and sha256): a replaced register starts
    afresh. Thread-safe; one ledger per conversation, Statistik session or draft.

    Attributes:
        entries: ``(register id, table spec, {cell key: status}, uniform labels)`` in
            publication order.
    """

    entries: list[tuple[tuple[str, str], Any, dict[Any, Any], bool]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def shown(self, register_id: tuple[str, str]) -> list[tuple[Any, dict[Any, Any], bool]]:
        """The tables shown from one register, oldest first: spec, status, uniform."""
        with self._lock:
            return [(e[1], e[2], e[3]) for e in self.entries if e[0] == register_id]

    def record(
        self, register_id: tuple[str, str], spec: Any, status: dict[Any, Any], uniform: bool
    ) -> None:
        """Remember a published table (a table already recorded is kept once)."""
        with self._lock:
            if not any(e[0] == register_id and e[1] == spec for e in self.entries):
                self.entries.append((register_id, spec, dict(status), uniform))

    def copy(self) -> Ledger:
        """An independent ledger with the same entries."""
        with self._lock:
            return Ledger(list(self.entries))

    def __len__(self) -> int:
        with self._lock:
            return len(self.entries)

    def __bool__(self) -> bool:
        # A ledger is a session even while it is empty (``active_ledger() or Ledger()``
        # must not drop it).
        return True


def with_ledger(register: Register, ledger: Ledger) -> Register:
    """The register under its own policy, with ``ledger`` as the session ledger."""
    policy = register.disclosure
    if policy is None:
        from assistant.settings import get_settings

        policy = DisclosurePolicy.from_settings(get_settings())
    return register.with_disclosure(policy.with_ledger(ledger))


_active: ContextVar[Ledger | None] = ContextVar("finsam_disclosure_ledger", default=None)


def active_ledger() -> Ledger | None:
    """The ledger of the session being answered (see :func:`session`), if any."""
    return _active.get()


@contextmanager
def session(ledger: Ledger | None) -> Iterator[Ledger | None]:
    """Audit every table published inside the block together with ``ledger``.

    Used where one publication spans several calls: a drafted tjänsteutlåtande
    (its answers and its Bilaga), a chat conversation, a Statistik session.
    Do not hold it open across a generator's ``yield``.

    Example:
        >>> with session(Ledger()) as ledger:  # doctest: +SKIP
        ...     stats.count(register, year=2024, by="kön")
        ...     stats.count(register, year=2024, filters={"kön": "Kvinna"})
    """
    token = _active.set(ledger)
    try:
        yield ledger
    finally:
        _active.reset(token)


class ConversationLedgers:
    """Ledgers of chat conversations, rebuilt by replaying their earlier questions.

    A chat sends its history with every question, not the tables it was shown.
    The tables are recovered by answering the earlier user turns again, in
    order, each inside the ledger of the turns before it (the same computation
    as the first time, so the same tables). Prefixes are cached, so a running
    conversation replays only its newest earlier turn.
    """

    def __init__(self, size: int = 256) -> None:
        self._cache: OrderedDict[tuple[str, ...], Ledger] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def remember(self, questions: Sequence[str], ledger: Ledger) -> None:
        """Keep the ledger as it stands after ``questions`` (the newest just answered)."""
        with self._lock:
            self._cache[tuple(questions)] = ledger.copy()
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)

    def ledger(self, questions: Sequence[str], replay: Callable[[int], None]) -> Ledger:
        """The ledger after the earlier ``questions`` (oldest first).

        Args:
            questions: The earlier user questions, oldest first.
            replay: Answers earlier question ``i`` again (inside an active session).
        """
        key = tuple(questions)
        start, ledger = 0, Ledger()
        with self._lock:
            for k in range(len(key), 0, -1):
                if key[:k] in self._cache:
                    start, ledger = k, self._cache[key[:k]].copy()
                    self._cache.move_to_end(key[:k])
                    break
        for i in range(start, len(key)):
            with session(ledger):
                replay(i)
            with self._lock:
                self._cache[key[: i + 1]] = ledger.copy()
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return ledger


@dataclass(frozen=True)
class DisclosurePolicy:
    """How figures from a register are protected.

    Attributes:
        threshold: Counts from 1 to ``threshold - 1`` are hidden and must not be
            computable from what is shown.
        ledger: The session's earlier tables, audited together with each new one
            (None: the active :func:`session`'s, if any).
        session: Whether earlier tables of the session count at all (False: each
            publication is audited on its own).
        method: ``audit`` (exact figures, suppression audited by LP) or
            ``cellkey`` (every figure perturbed; see :mod:`.cellkey`).
    """

    threshold: int = 5
    ledger: Ledger | None = None
    session: bool = True
    method: str = "audit"

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"threshold must be at least 1, got {self.threshold}")
        if self.method not in ("audit", "cellkey"):
            raise ValueError(f"unknown disclosure method {self.method!r}")

    @classmethod
    def from_settings(cls, settings: Settings, ledger: Ledger | None = None) -> DisclosurePolicy:
        """The policy the settings ask for."""
        return cls(
            threshold=settings.suppression_threshold,
            ledger=ledger,
            session=settings.disclosure_session,
            method=settings.disclosure_method,
        )

    def with_ledger(self, ledger: Ledger | None) -> DisclosurePolicy:
        """The same policy with a session ledger."""
        return DisclosurePolicy(
            threshold=self.threshold, ledger=ledger, session=self.session, method=self.method
        )


class SessionLedgers:
    """One ledger per web session (Gradio's session hash), forgotten by age, not by count.

    Other sessions cannot make the server forget an active session's ledger: a
    ledger is kept only after a request of its session succeeded (:meth:`keep`;
    an invalid request keeps nothing), a session idle for ``ttl`` seconds is
    forgotten, and when ``size`` sessions are kept the least recently used one
    is forgotten only if it has been idle for ``min_idle`` seconds. Otherwise
    the new session is refused (a Swedish message: try again later) rather
    than audited without its earlier tables. Defaults: 10,000 sessions, idle
    sessions forgotten after 8 hours, none younger than 1 hour evicted.

    Example:
        >>> ledgers = SessionLedgers()
        >>> ledger = ledgers.find("abc") or Ledger()
        >>> ledgers.keep("abc", ledger)
        >>> ledgers.find("abc") is ledger
        True
    """

    def __init__(
        self,
        size: int = 10_000,
        ttl: float = 8 * 3600.0,
        min_idle: float = 3600.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import time

        self._ledgers: OrderedDict[str, tuple[Ledger, float]] = OrderedDict()
        self._size = size
        self._ttl = ttl
        self._min_idle = min_idle
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._ledgers:
            _, (_, used) = next(iter(self._ledgers.items()))
            if now - used < self._ttl:
                break
            self._ledgers.popitem(last=False)

    def find(self, key: str | None) -> Ledger | None:
        """The session's ledger if one is kept (nothing is created or evicted)."""
        if not key:
            return None
        with self._lock:
            self._expire(self._clock())
            entry = self._ledgers.get(key)
            return entry[0] if entry is not None else None

    def keep(self, key: str | None, ledger: Ledger) -> None:
        """Keep ``ledger`` as the session's after a successful request.

        Raises:
            FinsamError: Every kept session is in use; the request must not be
                shown (its session would lose its earlier tables).
        """
        if not key:
            return
        from assistant.errors import FinsamError

        with self._lock:
            now = self._clock()
            self._expire(now)
            if key not in self._ledgers and len(self._ledgers) >= self._size:
                oldest, (_, used) = next(iter(self._ledgers.items()))
                if now - used < self._min_idle:
                    raise FinsamError(
                        "Statistiken har för många aktiva sessioner just nu. "
                        "Försök igen om en stund."
                    )
                del self._ledgers[oldest]
            self._ledgers[key] = (ledger, now)
            self._ledgers.move_to_end(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._ledgers)
