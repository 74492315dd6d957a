"""Structural blocks: the cleaned, page-aware text a chunker works on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    FOOTNOTE = "footnote"


@dataclass
class Block:
    """A heading, paragraph, list item or footnote with the page it starts on."""

    kind: BlockKind
    text: str
    page: int | None = None
    level: int = 1
