"""au-count: the count to trust in one command (the pipeline itself is tested in test_pipeline.py)."""

from pathlib import Path

import pytest

from audiowc.commands.au_count import app
from conftest import call


def test_usage_errors_and_a_missing_recording(tmp_path: Path) -> None:
    no_word = call(app, "au-count", ["x.mp3"], "")
    assert no_word.code == 2 and no_word.err == "au-count: error: no word to count: give --word WORD\n"
    assert call(app, "au-count", ["-w", "banana"], "").code == 2
    missing = call(app, "au-count", ["-w", "banana", str(tmp_path / "gone.mp3")], "")
    assert missing.code == 1 and missing.err.count("\n") == 1 and "no such recording" in missing.err
    transcript = call(app, "au-count", ["-w", "banana", str(tmp_path / "gone.mp3.jsonl")], "")
    assert transcript.code == 1 and "no such transcript" in transcript.err


@pytest.mark.slow  # runs tok, wc-words and au-verify as a pipeline
def test_a_transcript_without_the_word_counts_zero_without_a_decode(tmp_path: Path) -> None:
    transcript = tmp_path / "ep.mp3.jsonl"
    transcript.write_text('{"source": "ep.mp3", "start": 1.0, "end": 2.0, "text": "Hello there.", "words": '
                          '[{"word": "Hello", "start": 1.0, "end": 1.5}, {"word": "there.", "start": 1.5, "end": 2.0}]}\n')
    result = call(app, "au-count", ["-w", "banana", "-w", "there", str(transcript)], "")
    assert result.code == 0, result.err
    assert result.out == "1\tthere\n0\tbanana\n"


@pytest.mark.slow  # transcribes two short recordings twice
def test_recordings_are_transcribed_together_into_the_transcripts_each_would_have_alone(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    data = Path(__file__).parent / "data"
    together, alone = tmp_path / "together", tmp_path / "alone"
    names = ["talk-16k.wav", "speech-cut-mid-word.flac"]
    for folder in (together, alone):
        folder.mkdir()
        for name in names:
            shutil.copyfile(data / name, folder / name)
    result = call(app, "au-count", ["-w", "talk", "--no-verify", *[str(together / n) for n in names]], "")
    assert result.code == 0, result.err
    for name in names:
        done = subprocess.run([sys.executable, "-m", "audiowc.commands.au_episode", str(alone / name)],
                              capture_output=True)
        assert done.returncode == 0, done.stderr
        made = (together / f"{name}.jsonl").read_text().replace(str(together), "")
        assert made and made == (alone / f"{name}.jsonl").read_text().replace(str(alone), "")
    assert not list(together.glob("*.part"))
