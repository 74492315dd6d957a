"""What a backend gets to answer with: search, the register and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.register import Register
    from assistant.retrieval.searcher import Searcher


@dataclass
class EngineContext:
    """Shared, lazily loaded resources; one per process and settings."""

    settings: Settings
    _searcher: Any = field(default=None, repr=False)
    _register: Any = field(default=None, repr=False)

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            from assistant.retrieval.searcher import Searcher

            self._searcher = Searcher.open(self.settings)
        return self._searcher

    @property
    def register(self) -> Register:
        """The participant register (raises RegisterError subclasses on bad files)."""
        if self._register is None:
            from assistant.register import load_register

            self._register = load_register(self.settings.participants)
        return self._register
