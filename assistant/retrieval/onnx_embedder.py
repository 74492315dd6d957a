"""Query embeddings without torch: the embedding model exported to ONNX.

Importing torch and sentence-transformers costs several seconds (far more on a
busy machine), which a one-shot ``finsam ask`` would pay only to embed one
question. So ingest exports the configured model once, into
``<index_dir>/models/<slug>/`` (``model.onnx``, ``tokenizer.json``,
``meta.json``), after checking that it gives the same vectors as
sentence-transformers; searches then embed with onnxruntime + ``tokenizers``.
Where no matching export exists, the sentence-transformers embedder is used.

Example:
    >>> embedder = get_query_embedder(get_settings())  # doctest: +SKIP
    >>> embedder.embed_query("Vad säger 2 §?").shape  # doctest: +SKIP
    (384,)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.models import file_sha256
from assistant.retrieval.embedder import Embedder, get_embedder, resolve_model_path
from assistant.retrieval.st_embedder import SentenceTransformerEmbedder
from assistant.settings import Settings

log = logging.getLogger(__name__)

MODELS_DIR = "models"
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
#: Bump when the export or the files' meaning changes; older exports are redone.
FORMAT_VERSION = 1
OPSET = 17
#: Smallest cosine similarity to sentence-transformers accepted for every test text.
MIN_COSINE = 0.9999
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")

#: Texts the export is checked on: Swedish and English, short to past the limit.
VERIFY_TEXTS: tuple[str, ...] = (
    "Vad säger 2 § om vilka insatserna ska avse?",
    "hej",
    "Å",
    "Samordningsförbundet är en egen juridisk person.",
    "Vilka får delta i finansiell samordning enligt lagen (2003:1210)?",
    "Försäkringskassan, Arbetsförmedlingen, region och kommun får samverka.",
    "How many participants started in 2023?",
    "What does the law say about the board of a coordination association?",
    "Förbundsordningen ska ange förbundets ändamål, organisation och räkenskapsår.",
    "Årsredovisning, revisionsberättelse och ansvarsfrihet för styrelsen.",
    "Insatser för individer i behov av samordnade rehabiliteringsinsatser "
    "som syftar till att de uppnår eller förbättrar sin förmåga att förvärvsarbeta.",
    "Deltagare: 42 (varav 17 kvinnor); avslutade till arbete 12 %, till studier 8 %.",
    "7 § Styrelsen ansvarar för förbundets verksamhet och för att fastställda mål uppnås.",
    "ÖVERENSKOMMELSE om finansiell samordning – Bilaga 1, sid. 3",
    "  whitespace   and\ttabs\nand newlines  ",
    "Ödeshög, Älvsbyn och Åre – tre kommuner med å, ä och ö.",
    "Lagen trädde i kraft den 1 januari 2004. " * 8,
    "Medlemmarna ska bidra med medel till förbundet. Staten bidrar med hälften, "
    "regionen med en fjärdedel och kommunerna med en fjärdedel. " * 6,
    "Rehabilitering samordningsförbund verksamhetsplan budget uppföljning " * 30,
    "The coordination association may not take decisions on benefits under the social "
    "insurance code; such decisions remain with the responsible authority. " * 12,
)


def model_slug(name: str) -> str:
    """A folder name for ``name``: readable, plus a short hash so paths never collide."""
    readable = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[-60:] or "model"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}"


def export_dir_for(settings: Settings) -> Path:
    """Where the configured model's export lives (exists or not)."""
    return settings.index_dir / MODELS_DIR / model_slug(settings.embedding_model)


def _weights_file(model_name: str) -> Path | None:
    """The local weights file of ``model_name``, if it is a local folder."""
    try:
        folder = Path(resolve_model_path(model_name))
    except Exception:
        return None
    for name in WEIGHT_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def _source_fingerprint(model_name: str) -> dict[str, Any]:
    """Cheap identity of the source weights (size and mtime), for every query."""
    weights = _weights_file(model_name)
    if weights is None:
        return {}
    st = weights.stat()
    return {"weights_file": weights.name, "weights_size": st.st_size}


def read_meta(folder: Path) -> dict[str, Any] | None:
    """``meta.json`` of an export if all its files are there, else ``None``."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    if not (folder / ONNX_FILE).is_file() or not (folder / TOKENIZER_FILE).is_file():
        return None
    return meta


def meta_matches(meta: dict[str, Any] | None, model_name: str) -> bool:
    """Whether an export's meta belongs to ``model_name`` as it is installed now."""
    if not meta:
        return False
    if meta.get("format") != FORMAT_VERSION or meta.get("model") != model_name:
        return False
    expected = _source_fingerprint(model_name)
    return all(meta.get(k) == v for k, v in expected.items())


class OnnxQueryEmbedder:
    """An exported model run by onnxruntime; implements :class:`Embedder`.

    Args:
        folder: The export folder (``model.onnx``, ``tokenizer.json``, ``meta.json``).
        threads: Threads onnxruntime may use within one run.
    """

    def __init__(self, folder: Path, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = read_meta(folder)
        if meta is None:
            raise FileNotFoundError(f"no complete ONNX export in {folder}")
        self.folder = folder
        self.meta = meta
        self.name: str = str(meta["model"])
        self.max_seq_length = int(meta["max_seq_length"])
        self.dimension = int(meta["dimension"])
        self.pooling: str = str(meta["pooling"])
        self.normalize = bool(meta["normalize"])
        self.input_names: list[str] = list(meta["inputs"])
        self.batch_padding = bool(meta.get("batch_padding", False))
        self.batch_size = 32
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.tokenizer = tokenizer
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        types = np.zeros((len(texts), length), dtype=np.int64)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = enc.attention_mask
            types[row, :n] = enc.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        (hidden,) = self.session.run(["last_hidden_state"], {k: feeds[k] for k in self.input_names})
        hidden = np.asarray(hidden, dtype=np.float32)
        if self.pooling == "cls":
            pooled = hidden[:, 0, :]
        else:
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.normalize:
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            pooled = pooled / np.clip(norms, 1e-12, None)
        return pooled.astype(np.float32)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if not self.batch_padding:
            return np.vstack([self._run([t]) for t in texts])
        parts = [
            self._run(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack(parts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._run([text])[0]


@lru_cache(maxsize=4)
def _load_onnx(folder: str, mtime_ns: int) -> OnnxQueryEmbedder:
    del mtime_ns  # part of the cache key: a re-export is loaded afresh
    return OnnxQueryEmbedder(Path(folder))


def get_query_embedder(settings: Settings) -> Embedder:
    """The ONNX embedder if a matching export exists, else sentence-transformers (lazy)."""
    folder = export_dir_for(settings)
    meta = read_meta(folder)
    if meta_matches(meta, settings.embedding_model):
        try:
            stamp = (folder / META_FILE).stat().st_mtime_ns
            return _load_onnx(str(folder), stamp)
        except Exception as exc:  # a broken export must never break search
            log.warning("ONNX-modellen i %s kunde inte laddas (%s); använder torch.", folder, exc)
    return get_embedder(settings.embedding_model)


# --- Export (needs torch, sentence-transformers and onnx) ---------------------

#: Exports made by this process, by source identity, so later indexes copy them.
_EXPORTED: dict[str, Path] = {}


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.clip(np.linalg.norm(a, axis=1, keepdims=True), 1e-12, None)
    b = b / np.clip(np.linalg.norm(b, axis=1, keepdims=True), 1e-12, None)
    return np.asarray((a * b).sum(axis=1))


def verify_export(
    folder: Path, model: Any, texts: tuple[str, ...] = VERIFY_TEXTS
) -> tuple[bool, bool, str]:
    """Compare an export with the sentence-transformers ``model``.

    Returns (single texts match, padded batches match, explanation).
    """
    reference = np.asarray(
        model.encode(
            list(texts),
            batch_size=1,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ),
        dtype=np.float32,
    )
    onnx = OnnxQueryEmbedder(folder)
    single = np.vstack([onnx.embed_query(t)[None, :] for t in texts])
    worst = float(_cosines(single, reference).min())
    if worst < MIN_COSINE:
        return False, False, f"lägsta cosinuslikhet {worst:.6f} < {MIN_COSINE}"
    batched = onnx._run(list(texts))
    worst_batch = float(_cosines(batched, reference).min())
    return (
        True,
        worst_batch >= MIN_COSINE,
        f"lägsta cosinuslikhet {worst:.6f} (batch {worst_batch:.6f})",
    )


def _export_files(model: Any, model_name: str, folder: Path) -> dict[str, Any]:
    """Write model.onnx, tokenizer.json and meta.json for ``model`` into ``folder``."""
    import torch

    modules = list(model)
    kinds = [type(m).__name__ for m in modules]
    if (
        not kinds
        or kinds[0] != "Transformer"
        or any(k not in ("Pooling", "Normalize") for k in kinds[1:])
    ):
        raise ValueError(f"modulerna {kinds} stöds inte (bara Transformer, Pooling, Normalize)")
    transformer = modules[0]
    pooling = "mean"
    for mod in modules[1:]:
        if type(mod).__name__ == "Pooling":
            mode = getattr(mod, "pooling_mode", None)
            if mode is None:  # older sentence-transformers
                mode = "cls" if getattr(mod, "pooling_mode_cls_token", False) else "mean"
                if getattr(mod, "pooling_mode_max_tokens", False) or getattr(
                    mod, "pooling_mode_mean_sqrt_len_tokens", False
                ):
                    mode = "other"
            if mode not in ("mean", "cls"):
                raise ValueError(f"poolningen {mode!r} stöds inte")
            pooling = str(mode)
    auto_model = transformer.auto_model
    source = Path(resolve_model_path(model_name))
    tokenizer_json = source / TOKENIZER_FILE
    if not tokenizer_json.is_file():
        tok = getattr(transformer, "tokenizer", None) or model.tokenizer
        if not hasattr(tok, "backend_tokenizer"):
            raise ValueError("modellen har ingen tokenizer.json (snabb tokenizer)")
        tok.backend_tokenizer.save(str(folder / TOKENIZER_FILE))
    else:
        shutil.copyfile(tokenizer_json, folder / TOKENIZER_FILE)
    sample = model.tokenizer(
        ["Hej världen", "en längre mening om samordning"], padding=True, return_tensors="pt"
    )
    inputs = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class _Wrapper(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: Any) -> Any:
            out = self.inner(**dict(zip(inputs, args, strict=True)), return_dict=True)
            return out.last_hidden_state

    try:
        auto_model.set_attn_implementation("eager")
    except Exception:
        auto_model.config._attn_implementation = "eager"
    auto_model.eval()
    axes = {n: {0: "batch", 1: "sequence"} for n in inputs}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes; verified afterwards
        torch.onnx.export(
            _Wrapper(auto_model),
            tuple(sample[n] for n in inputs),
            str(folder / ONNX_FILE),
            input_names=inputs,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    weights = _weights_file(model_name)
    dim = model.get_embedding_dimension() if hasattr(model, "get_embedding_dimension") else None
    dim = dim or model.get_sentence_embedding_dimension()
    meta: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "model": model_name,
        "max_seq_length": int(model.max_seq_length),
        "pooling": pooling,
        "normalize": True,  # the index always stores normalised vectors
        "dimension": int(dim),
        "inputs": inputs,
        "opset": OPSET,
        "weights_sha256": file_sha256(weights) if weights else None,
        **_source_fingerprint(model_name),
    }
    (folder / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def _install(tmp: Path, target: Path) -> None:
    """Move a finished export into place (readers see the old one or the new one)."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(target)


def export_onnx(
    model_name: str, target_dir: Path, model: Any = None, *, force: bool = False
) -> Path | None:
    """Export ``model_name`` to ONNX in ``target_dir`` and check it; ``None`` if refused.

    Args:
        model_name: The configured embedding model name.
        target_dir: The export folder to create (e.g. ``index/models/<slug>``).
        model: An already loaded SentenceTransformer (default: load it).
        force: Export even if a matching export is already there.

    Nothing is left behind when the export fails or its vectors differ from
    sentence-transformers (cosine below ``MIN_COSINE`` for any test text).
    """
    target_dir = Path(target_dir)
    if not force and meta_matches(read_meta(target_dir), model_name):
        return target_dir
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    key = json.dumps({"model": model_name, **_source_fingerprint(model_name)}, sort_keys=True)
    done = _EXPORTED.get(key)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target_dir.name}.tmp-", dir=target_dir.parent))
    tmp.chmod(0o755)
    try:
        if done is not None and not force and meta_matches(read_meta(done), model_name):
            for name in (ONNX_FILE, TOKENIZER_FILE, META_FILE):
                shutil.copyfile(done / name, tmp / name)
        else:
            if model is None:
                st = get_embedder(model_name)
                if not isinstance(st, SentenceTransformerEmbedder):
                    return None  # only sentence-transformers models are exported
                model = st.model
            _export_files(model, model_name, tmp)
            ok, batch_ok, why = verify_export(tmp, model)
            if not ok:
                log.warning("ONNX-exporten av '%s' avvisades: %s", model_name, why)
                shutil.rmtree(tmp, ignore_errors=True)
                return None
            meta = json.loads((tmp / META_FILE).read_text(encoding="utf-8"))
            meta["batch_padding"] = batch_ok
            meta["verified"] = why
            (tmp / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
            log.info("ONNX-exporten av '%s' godkändes: %s", model_name, why)
        _install(tmp, target_dir)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        log.warning(
            "ONNX-exporten av '%s' misslyckades: %s: %s", model_name, type(exc).__name__, exc
        )
        return None
    _EXPORTED[key] = target_dir
    _load_onnx.cache_clear()
    return target_dir


def ensure_query_model(settings: Settings, embedder: Embedder | None = None) -> str | None:
    """Export the configured model for fast queries if missing (called by ingest).

    Returns a notice for the ingest report when something was done or refused,
    else ``None``. Never raises.
    """
    try:
        if embedder is not None and not isinstance(embedder, SentenceTransformerEmbedder):
            return None  # a custom embedder: nothing to export
        if embedder is not None and embedder.name != settings.embedding_model:
            return None
        from assistant.retrieval.embedder import embedder_kind

        if embedder_kind(settings.embedding_model) != "sentence-transformers":
            return None  # the other engines need no torch at query time
        target = export_dir_for(settings)
        if meta_matches(read_meta(target), settings.embedding_model):
            return None
        model = embedder.model if embedder is not None else None
        if export_onnx(settings.embedding_model, target, model) is None:
            return (
                "Snabbmodellen för frågor (ONNX) kunde inte skapas; sökningar använder "
                "inbäddningsmodellen direkt (långsammare start)."
            )
        return None
    except Exception as exc:
        log.warning("ONNX-export: %s: %s", type(exc).__name__, exc)
        return (
            f"Snabbmodellen för frågor (ONNX) kunde inte skapas ({type(exc).__name__}); "
            "sökningar använder inbäddningsmodellen direkt."
        )
