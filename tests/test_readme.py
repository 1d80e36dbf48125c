"""Every shell example in README.md, run as written from a folder like a user's: the venv's bin on
PATH, the recordings and transcripts the examples name made there (the files of the --help examples'
test), the clone in ~/src/audiowc as the README assumes. An example with output shown (`$ CMD` then
its lines) must print exactly that. What cannot run here is skipped with the reason."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, command
from test_contract import LOADS_MODEL, NOT_HERE, _base_model_installed, env, episodes  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# What the README shows that a test cannot do, beyond what the --help examples meet (NOT_HERE).
CANNOT = {"pip install": "installs packages from the network", "sbatch": "needs Slurm",
          "--sshloginfile": "needs SSH workers (tests/test_parallel_ssh.py runs it against an sshd of its own)",
          "--device cuda": "needs a CUDA GPU", "make run": "makes .venv in the checkout (the example's own test)",
          "make test-fast": "runs the suite's quick tests", "make test": "runs the whole suite"}
COMMAND = re.compile(r"^(\$ )?(au-[a-z]+|tok|wc-words|make|pip|python|curl|find|man|sbatch|echo|\.|bin/|\"\$AUDIOWC\"/bin/)")
ASSIGNMENT = re.compile(r"^[A-Z_]+=\S+(\s+#.*)?$")


def blocks() -> list[list[str]]:
    """The README's code blocks, as lines with continued lines joined."""
    found = re.findall(r"^```\n(.*?)^```$", README.read_text(), re.M | re.S)
    return [[line for line in block.replace("\\\n", " ").splitlines() if line.strip()] for block in found]


def examples() -> list[tuple[str, str]]:
    """(shell line, output shown) for every command in a block of commands; an assignment on a line of
    its own goes before the lines after it in its block. Blocks of output alone are no examples."""
    found = []
    for block in blocks():
        if not (COMMAND.match(block[0]) or ASSIGNMENT.match(block[0])):
            continue
        prefix, index = "", 0
        while index < len(block):
            line = block[index]
            index += 1
            if ASSIGNMENT.match(line):
                prefix += line.split("#")[0].strip() + " && "
                continue
            assert COMMAND.match(line), f"a README line that is no command in a block of commands: {line}"
            shown = []
            if line.startswith("$ "):
                while index < len(block) and not COMMAND.match(block[index]):
                    shown.append(block[index])
                    index += 1
                line = line[2:]
            found.append((prefix + line, "".join(f"{out}\n" for out in shown)))
    return found


def params() -> list[object]:
    result = []
    for number, (line, shown) in enumerate(examples()):
        why = next((why for needle, why in {**NOT_HERE, **CANNOT}.items() if needle in line), None)
        marks = [pytest.mark.skip(reason=why)] if why else []
        if LOADS_MODEL.search(line):
            marks.append(pytest.mark.slow)
        result.append(pytest.param(line, shown, marks=marks, id=f"{number}-{line.split()[0]}"))
    return result


def test_the_readme_has_examples_of_every_kind() -> None:
    lines = [line for line, _ in examples()]
    assert len(lines) > 40 and any("make -C" in line for line in lines) and any(shown for _, shown in examples())


@pytest.mark.slow  # every example a shell pipeline of commands: the whole suite runs them
@pytest.mark.parametrize("line, shown", params())
def test_readme_example_runs_as_written(line: str, shown: str, episodes: Path) -> None:  # noqa: F811
    if "--model base" in line and not _base_model_installed():
        pytest.skip("the base model's packages are not installed")
    if "ep.chunks.jsonl" in line and "au-split" not in line:
        subprocess.run([*command("au-split"), "--out-dir", "ep.chunks", "ep.mp3"], cwd=episodes, check=True,
                       stdout=(episodes / "ep.chunks.jsonl").open("wb"))
    if line.startswith(". .venv/bin/activate"):
        if not (BIN / "activate").exists():
            pytest.skip("the tests do not run in a venv")
        (episodes / ".venv").symlink_to(BIN.parent)
    if line.startswith("man "):
        found = subprocess.run(["man", "-w", line.split()[1]], capture_output=True, env=env()) \
            if shutil.which("man") else None
        if found is None or found.returncode != 0:
            pytest.skip("man, or the pages linked into the venv (make run does that), is not here")
    (episodes / "src").mkdir()
    (episodes / "src" / "audiowc").symlink_to(ROOT)  # AUDIOWC=~/src/audiowc, where you cloned it
    environment = dict(env(), HOME=str(episodes), AUDIOWC=str(ROOT), PWD=str(episodes))
    result = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=episodes, capture_output=True, timeout=600,
                            env=environment)
    err = result.stderr.decode()
    assert result.returncode == 0 and "error" not in err and "Traceback" not in err, f"{line}\n{err}"
    if shown:
        assert result.stdout.decode() == shown
    assert not list(ROOT.glob("*.tsv"))  # what an example writes lands in the user's folder
