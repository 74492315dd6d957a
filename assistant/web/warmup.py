"""Load the answer engine once, in the background, before the first question.

The first answer loads the embedding model, the index and the register; doing
it at start-up makes the first user's question quick. Handlers wait for it, so
two threads never open the index at the same time.
"""

from __future__ import annotations

import contextlib
import threading

from assistant.settings import Settings

WARM_UP_QUESTION = "Vad är finansiell samordning?"


class WarmUp:
    """A background warm-up that handlers can wait for."""

    def __init__(self, settings: Settings) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(settings,), name="finsam-warm-up", daemon=True
        )

    def start(self) -> WarmUp:
        self._thread.start()
        return self

    def _run(self, settings: Settings) -> None:
        try:
            from assistant.answer.engine import get_engine

            # Local resources only (index, embedder, register): never a remote model.
            engine = get_engine(settings)
            with contextlib.suppress(Exception):  # a broken index is reported when asked
                engine.offline.answer(WARM_UP_QUESTION, [], engine.ctx)
        finally:
            self._done.set()

    def wait(self, timeout: float | None = 300) -> bool:
        """Block until the warm-up has finished (or ``timeout`` seconds passed)."""
        return self._done.wait(timeout)
