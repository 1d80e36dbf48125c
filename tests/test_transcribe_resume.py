"""au-stt --resume: a partial transcript's finished chunks kept and the rest transcribed, giving the
bytes of an uninterrupted run (the per-episode step that uses it is in test_batch.py)."""

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from audiowc.commands.au_split import app as split_app
from audiowc.commands.au_stt import app as stt_app
from conftest import command, DATA, call

ROOT = Path(__file__).parent.parent
SMALL_CHUNKS = ["--max-len", "6", "--min-len", "1"]


def records(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def small_manifest(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("chunks")
    manifest = call(split_app, "au-split", [*SMALL_CHUNKS, "-o", str(out), str(DATA / "talk-16k.wav")]).out
    full = call(stt_app, "au-stt", [], manifest)
    assert full.code == 0 and len(records(full.out)) >= 3
    return manifest, full.out


@pytest.mark.slow
def test_resume_keeps_finished_chunks_and_redoes_the_last(small_manifest: tuple[str, str], tmp_path: Path) -> None:
    manifest, full = small_manifest
    lines = full.splitlines(keepends=True)
    marked = lines[0].replace('"chunk": 0,', '"chunk": 0, "copied": true,')  # its text prompts what follows
    assert marked != lines[0]
    partial = tmp_path / "part.jsonl"
    partial.write_text(marked + lines[1] + lines[2][:30])  # the third line cut short by a kill
    result = call(stt_app, "au-stt", ["--resume", str(partial)], manifest)
    assert result.code == 0, result.err
    resumed = result.out.splitlines(keepends=True)
    assert resumed[0] == marked  # chunk 0 is finished: copied, not decoded
    assert resumed[1:] == lines[1:]  # chunk 1, the last in the partial, and the rest: decoded


@pytest.fixture(scope="module")
def talk_manifest(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The first 30 s of the two-voice example in 10 s chunks, and their uninterrupted transcript."""
    import soundfile as sf

    out = tmp_path_factory.mktemp("talk")
    samples, rate = sf.read(ROOT / "examples/banana-talk.ogg", dtype="float32")
    sf.write(out / "talk.wav", samples[: 30 * rate], rate)
    split = ["--max-len", "10", "--min-len", "2", "--search", "4", "-o", str(out), str(out / "talk.wav")]
    manifest = call(split_app, "au-split", split).out
    full = call(stt_app, "au-stt", [], manifest)
    assert full.code == 0 and len({r["chunk"] for r in records(full.out)}) >= 3
    return manifest, full.out


@pytest.mark.slow
@pytest.mark.parametrize("cut", ["record", "mid-record"])
def test_resume_gives_the_bytes_of_the_uninterrupted_run(talk_manifest: tuple[str, str], cut: str,
                                                         tmp_path: Path) -> None:
    manifest, full = talk_manifest
    lines = full.splitlines(keepends=True)
    first_of_chunk_1 = next(i for i, line in enumerate(lines) if json.loads(line)["chunk"] == 1)
    kept = "".join(lines[:first_of_chunk_1 + 1])  # chunk 0, and chunk 1 cut after its first record
    partial = tmp_path / "part.jsonl"
    partial.write_text(kept if cut == "record" else kept + lines[first_of_chunk_1 + 1][:40])
    result = call(stt_app, "au-stt", ["--resume", str(partial)], manifest)
    assert result.code == 0, result.err
    assert result.out == full  # chunk 1 prompted as in the full run: without chunk 0, still in flight then


@pytest.mark.slow
def test_resume_after_ctrl_c_gives_the_bytes_of_the_uninterrupted_run(talk_manifest: tuple[str, str],
                                                                      tmp_path: Path) -> None:
    manifest, full = talk_manifest
    partial = tmp_path / "part.jsonl"
    with open(partial, "wb") as out:
        proc = subprocess.Popen(command("au-stt"), stdin=subprocess.PIPE, stdout=out, stderr=subprocess.PIPE)
        assert proc.stdin is not None
        proc.stdin.write(manifest.encode())
        proc.stdin.close()
        deadline = time.monotonic() + 300
        while partial.read_bytes().count(b"\n") < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
    assert proc.returncode == 130 and b"Traceback" not in (proc.stderr.read() if proc.stderr else b"")
    assert 0 < len(partial.read_text().splitlines()) < len(full.splitlines())
    resumed = subprocess.run([*command("au-stt"), "--resume", str(partial)], input=manifest.encode(),
                             capture_output=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.decode() == full


def test_resume_reads_what_each_finished_chunk_prompts_the_next_with(tmp_path: Path) -> None:
    from audiowc.transcribe.engines.interface import ChunkContext
    from audiowc.records import Chunk
    from audiowc.transcribe.resume import read_partial

    def segment(chunk: int, text: str, **extra: object) -> str:
        return json.dumps({"source": "ep.mp3", "chunk": chunk, "start": 0, "end": 1, "text": text,
                           "words": [], **extra}) + "\n"

    partial = tmp_path / "part.jsonl"
    partial.write_text(segment(0, "heard well") + segment(0, "a guess", doubtful=True)  # chunk 1: silent
                       + segment(2, "cut", language="de") + segment(2, "short")[:20])
    chunks = iter([(n, Chunk("ep.mp3", n, f"{n}.wav", n * 10.0, n * 10.0 + 10)) for n in range(4)])
    earlier = read_partial(str(partial))
    kept: list[bytes] = []
    left = [number for number, _chunk in earlier.skip_finished(chunks, lambda chunk: None, kept.extend)]
    assert left == [2, 3] and kept == [segment(0, "heard well").encode(), segment(0, "a guess", doubtful=True).encode()]
    assert earlier.history == [ChunkContext("ep.mp3", "heard well", None), ChunkContext("ep.mp3", "", None)]


@pytest.mark.slow
def test_resume_of_another_input_is_an_error(small_manifest: tuple[str, str], tmp_path: Path) -> None:
    partial = tmp_path / "part.jsonl"
    partial.write_text('{"source": "other.mp3", "chunk": 3, "start": 0, "end": 1, "text": "x"}\n')
    result = call(stt_app, "au-stt", ["--resume", str(partial)], small_manifest[0])
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("au-stt: error: the partial transcript is not of this input")


@pytest.mark.slow
def test_resume_from_a_partial_not_there_yet_is_a_full_run(small_manifest: tuple[str, str], tmp_path: Path) -> None:
    manifest, full = small_manifest
    partial = tmp_path / "ep.mp3.jsonl.part"  # a first run, as the README writes it
    result = call(stt_app, "au-stt", ["--resume", str(partial)], manifest)
    assert (result.code, result.out) == (0, full)
    assert result.err == ("au-stt: warning: nothing to resume, transcribing from the start "
                          f"(where: {partial}, not there yet)\n")
