"""Man pages render without warnings and document every option --help lists."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import command_line

MAN = Path(__file__).parent.parent / "man"
COMMANDS = [p.stem for p in sorted(MAN.glob("*.1"))]


def help_options(command: str) -> set[str]:
    text = subprocess.run([*command_line(command), "--help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", text.split("Options:", 1)[1]))


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
@pytest.mark.parametrize("page", sorted(MAN.glob("*.[17]")), ids=lambda p: p.name)
def test_man_page_renders_without_warnings(page: Path) -> None:
    result = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_man_page_mentions_every_option(command: str) -> None:
    source = (MAN / f"{command}.1").read_text().replace("\\-", "-")
    missing = [opt for opt in sorted(help_options(command)) if not re.search(rf"\\fB{re.escape(opt)}\\fR", source)]
    assert missing == []


def test_every_console_script_has_a_man_page() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((MAN.parent / "pyproject.toml").read_text())["project"]
    assert sorted(project["scripts"]) == COMMANDS


def test_man_pages_are_installed_with_the_package() -> None:
    tomllib = pytest.importorskip("tomllib")
    data_files = tomllib.loads((MAN.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    installed = {Path(p).name for pages in data_files.values() for p in pages}
    assert installed == {p.name for p in MAN.glob("*.[17]")}
