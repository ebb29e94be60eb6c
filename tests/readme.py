"""The README's commands and sample outputs, run as a new user would run them.

The README's code blocks are read in order. A ```bash block runs line by line in a fresh
shell, in a sandbox laid out like a fresh checkout after the two set-up commands (the
project's files and ``.venv``, with ``../shared`` beside it), without the environment
activated. A ```python block runs in ``.venv/bin/python``. A block preceded by
``<!-- not run: WHY -->`` is skipped (a server, a long benchmark, an install). A ```text
block preceded by ``<!-- output of: COMMAND -->`` is the output of COMMAND, run in the
sandbox after the blocks before it: regenerate all of them with

    .venv/bin/python -m tests.readme --update
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: The two set-up commands: the first two bash blocks (already run: they made .venv and out/).
SETUP_BLOCKS = 2
#: What the sandbox links from the checkout.
LINKED = ("seeds", ".venv", "kg", "ontology", "notebooks", "benchmarks", "tests", "pyproject.toml", "README.md")
_BLOCK = re.compile(r"(?:<!--\s*(?P<marker>[^>]*?)\s*-->\s*\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    marker: str  # "" or the text of the HTML comment just before the block
    start: int  # offsets of the body in the README
    end: int

    @property
    def skipped(self) -> bool:
        return self.marker.startswith("not run")

    @property
    def sample_of(self) -> str:
        """The command whose output this block is, or ""."""
        return self.marker[len("output of:"):].strip() if self.marker.startswith("output of:") else ""


def blocks(text: str) -> list[Block]:
    return [Block(m.group("lang"), m.group("body"), m.group("marker") or "", m.start("body"), m.end("body"))
            for m in _BLOCK.finditer(text)]


def commands(block: Block) -> list[str]:
    """The shell commands of a bash block (one a line; comment-only lines dropped)."""
    return [line for line in block.body.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def sandbox(base: Path) -> Path:
    """A folder laid out like a fresh checkout after the set-up commands; returns the checkout."""
    checkout = base / "checkout"
    checkout.mkdir(parents=True)
    for name in LINKED:
        if (ROOT / name).exists():
            (checkout / name).symlink_to(ROOT / name)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (base / "shared").symlink_to(shared)
    run_shell(".venv/bin/kg build seeds -o out", checkout)
    return checkout


def _env() -> dict[str, str]:
    """The environment of a fresh shell: no virtual environment active."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


def run_shell(command: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=timeout)


def run_python(code: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(cwd / ".venv" / "bin" / "python"), "-c", code], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=timeout)


def update(text: str, checkout: Path) -> str:
    """``text`` with every sample block replaced by its command's output, run in order."""
    pieces, last = [], 0
    for block in walk(text, checkout):
        if block.sample_of:
            proc = run_shell(block.sample_of, checkout)
            pieces += [text[last:block.start], proc.stdout]
            last = block.end
    return "".join(pieces) + text[last:]


def walk(text: str, checkout: Path):
    """Run the README's blocks in order in ``checkout``, yielding each sample block when the
    blocks before it have run. A failing command raises AssertionError."""
    bash = 0
    for block in blocks(text):
        if block.lang == "bash":
            bash += 1
            if bash <= SETUP_BLOCKS or block.skipped:
                continue
            for command in commands(block):
                proc = run_shell(command, checkout)
                assert proc.returncode == 0, f"README command failed: {command}\n{proc.stderr[-2000:]}"
        elif block.lang == "python" and not block.skipped:
            proc = run_python(block.body, checkout)
            assert proc.returncode == 0, f"README Python block failed:\n{block.body}\n{proc.stderr[-2000:]}"
        elif block.sample_of:
            yield block


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--update"]:
        raise SystemExit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        new = update(README.read_text(encoding="utf-8"), sandbox(Path(tmp)))
    README.write_text(new, encoding="utf-8")
    print(f"updated the sample outputs in {README}")
