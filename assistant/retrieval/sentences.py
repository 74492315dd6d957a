"""Sentences of a passage, and their vectors stored with the index.

The answer engine quotes whole sentences and chooses them by meaning: the
question's vector against each sentence's vector. Ingest embeds every sentence
once (``sentences.npz`` in the generation folder, keyed by a hash of the
sentence text, so unchanged sentences are carried over); a sentence missing
from the file is embedded on first use and kept in memory.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.models import Chunk

SENTENCES_FILE = "sentences.npz"
ABBREVIATIONS = (
    "t.ex.",
    "s.k.",
    "bl.a.",
    "m.m.",
    "ev.",
    "t.o.m.",
    "fr.o.m.",
    "dvs.",
    "resp.",
    "kap.",
    "jfr.",
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"”(]?[A-ZÅÄÖ0-9])")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-•–*]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Sentence:
    hit_rank: int
    position: int
    text: str
    is_list_item: bool
    opens_list: bool

    @property
    def is_question(self) -> bool:
        """A question restated in the text (it never answers one)."""
        return self.text.rstrip().endswith("?")


def split_sentences(chunk: Chunk, hit_rank: int = 0) -> list[Sentence]:
    """Sentences and list items of a chunk, without its heading line."""
    lines = chunk.text.split("\n")
    out: list[Sentence] = []
    if chunk.section and lines and lines[0].strip() == chunk.section.strip():
        if chunk.doc_type != "författning" and states_figure(lines[0]):
            # "NNS nio förslag för framtidens Finsam": a heading that states a figure
            # is a fact of the document, quotable like a sentence.
            # Over a list it opens the list ("… nio förslag" then "1. …").
            opens = len(lines) > 1 and bool(LIST_ITEM_RE.match(lines[1].strip()))
            out.append(Sentence(hit_rank, 0, lines[0].strip(), False, opens))
        lines = lines[1:]
    elif chunk.doc_type == "författning" and len(lines) > 1:
        lines = lines[1:]  # the statute heading line
    lines = [line.strip() for line in lines]
    lines = [line for line in lines if line and not line.startswith("[Fotnot")]
    header: str | None = None
    for i, line in enumerate(lines):
        if _is_table_header(line, lines[i + 1] if i + 1 < len(lines) else ""):
            header = line  # quoted with each of its rows, not alone
            continue
        if header is not None and _is_table_row(line):
            # A table row is read and quoted under its header ("Stöd till Insatser
            # Deltagare Kostnad"): the row alone does not say what its figures count.
            out.append(Sentence(hit_rank, len(out), f"{header}\n{line}", False, False))
            continue
        header = None
        if LIST_ITEM_RE.match(line):
            out.append(Sentence(hit_rank, len(out), line, True, False))
            continue
        protected = line
        for n, abbr in enumerate(ABBREVIATIONS):
            protected = protected.replace(abbr, f"\x00{n}\x00")
        for part in SENTENCE_END_RE.split(protected):
            for n, abbr in enumerate(ABBREVIATIONS):
                part = part.replace(f"\x00{n}\x00", abbr)
            part = part.strip()
            if part:
                out.append(Sentence(hit_rank, len(out), part, False, part.endswith(":")))
    return out


#: A figure in a heading: digits or a Swedish number word ("nio förslag", "3 mål").
_FIGURE_RE = re.compile(
    r"\b(?:\d+|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|hundra|tusen)\b",
    re.IGNORECASE,
)


def states_figure(heading: str) -> bool:
    """Whether a heading states a figure (and is no question restated): "NNS nio
    förslag för framtidens Finsam" does, "Hur många ärenden …?" and "Bilagor" do not."""
    text = heading.strip()
    return bool(_FIGURE_RE.search(text)) and not text.endswith("?")


#: Two or more numbers and no sentence ending: a row of a table extracted from a PDF.
_TABLE_ROW_RE = re.compile(r"\d[\d  ]*(?:[.,]\d+)?\D+\d")


def _is_table_row(line: str) -> bool:
    return bool(_TABLE_ROW_RE.search(line)) and not line.endswith((".", ":", "?", "!"))


def _is_table_header(line: str, following: str) -> bool:
    """A short line of words without digits or punctuation, followed by a table row."""
    words = line.split()
    return (
        2 <= len(words) <= 10
        and not re.search(r"[\d.,:;!?]", line)
        and not LIST_ITEM_RE.match(line)
        and _is_table_row(following)
    )


def sentence_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class SentenceVectors:
    """Sentence vectors by key (a hash of the text); float16 on disk, float32 out."""

    def __init__(self, keys: list[str], vectors: np.ndarray) -> None:
        if len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} keys but {len(vectors)} vectors")
        self._row = {k: i for i, k in enumerate(keys)}
        self.keys = keys
        self.vectors = np.asarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, text: str) -> np.ndarray | None:
        row = self._row.get(sentence_key(text))
        return None if row is None else self.vectors[row]

    def save(self, directory: Path) -> None:
        with (directory / SENTENCES_FILE).open("wb") as fh:
            np.savez_compressed(
                fh, keys=np.array(self.keys, dtype="U24"), vectors=self.vectors.astype(np.float16)
            )

    @classmethod
    def load(cls, directory: Path) -> SentenceVectors | None:
        """The stored vectors, or None for an index built before sentence vectors."""
        try:
            with np.load(directory / SENTENCES_FILE, allow_pickle=False) as data:
                return cls([str(k) for k in data["keys"]], data["vectors"])
        except (OSError, KeyError, ValueError):
            return None


def all_sentences(chunks: list[Chunk]) -> list[str]:
    """Every distinct sentence of ``chunks``, in order."""
    seen: dict[str, None] = {}
    for chunk in chunks:
        for s in split_sentences(chunk):
            seen.setdefault(s.text, None)
    return list(seen)
