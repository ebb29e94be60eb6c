"""The README as a new user reads it: every command runs as written in a fresh shell after
the two set-up commands, and every sample output is what its command prints today
(regenerate them with ``.venv/bin/python -m tests.readme --update``)."""
from __future__ import annotations

import pytest

from . import readme


def test_readme_has_runnable_blocks_and_samples():
    found = readme.blocks(readme.README.read_text(encoding="utf-8"))
    assert sum(b.lang == "bash" for b in found) > readme.SETUP_BLOCKS
    assert any(b.sample_of for b in found)


def test_readme_commands_run_and_samples_match(tmp_path):
    if not (readme.ROOT / ".venv" / "bin" / "kg").exists():
        pytest.skip("no .venv: run the README's set-up commands first")
    checkout = readme.sandbox(tmp_path)
    stale = []
    for block in readme.walk(readme.README.read_text(encoding="utf-8"), checkout):
        proc = readme.run_shell(block.sample_of, checkout)
        assert proc.returncode == 0, f"{block.sample_of}: {proc.stderr}"
        if proc.stdout != block.body:
            stale.append(block.sample_of)
    assert not stale, f"stale sample outputs in README.md (run `.venv/bin/python -m tests.readme --update`): {stale}"
