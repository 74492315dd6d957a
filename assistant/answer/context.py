"""What a backend gets to answer with: search, the register and settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.indexing.manifest import CURRENT_FILE
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.register import Register
    from assistant.retrieval.searcher import Searcher


@dataclass
class EngineContext:
    """Shared, lazily loaded resources; one per process and settings.

    Loading is guarded by a lock (two first requests at once load once), and the
    searcher is reopened when ``CURRENT.json`` points at a new index generation,
    so a web app keeps answering after a ``finsam ingest`` run elsewhere.
    """

    settings: Settings
    _searcher: Any = field(default=None, repr=False)
    _stamp: Any = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            st = (self.settings.index_dir / CURRENT_FILE).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    @property
    def searcher(self) -> Searcher:
        stamp = self._current_stamp()
        if self._searcher is not None and stamp == self._stamp:
            return self._searcher
        with self._lock:
            stamp = self._current_stamp()
            if self._searcher is None or stamp != self._stamp:
                from assistant.retrieval.searcher import Searcher

                self._searcher = Searcher.open(self.settings)
                self._stamp = stamp
            return self._searcher

    @property
    def register(self) -> Register:
        """The participant register (raises RegisterError subclasses on bad files).

        ``load_register`` caches by path, size and mtime, so a replaced file is
        picked up here and in the Statistik tab alike.
        """
        from assistant.register import load_register

        with self._lock:
            # Bound to these settings' disclosure policy: every statistics call
            # (offline answers, LLM tools) then honours their threshold.
            return load_register(settings=self.settings)
