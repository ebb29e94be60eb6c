"""The characters OpenCC's ``hk2s`` conversion may change, read from its own dictionaries.

Normalisation converts a report to Simplified only when the conversion changes enough of
it (:func:`kg.ingest.normalize.normalize`). Every entry of the ``hk2s`` chain's
dictionaries maps a key to a value of the same length (checked here), and the conversion
rewrites the text one matched key at a time: so a character of the text can change only
where it is, in some key, a character that the key's value replaces. The set of those
characters (``kg/lexicon/t2s_changes.txt``) bounds how many characters OpenCC can change
in a text, and a text with too few of them is not converted without running OpenCC.

Regenerate the file after an OpenCC upgrade (``tests/ingest/test_t2s_changes.py`` fails
until it matches the installed dictionaries)::

    python -m kg.ingest.t2s_changes > kg/lexicon/t2s_changes.txt
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

CONFIG = "hk2s.json"
HEADER = """\
# The characters OpenCC's hk2s conversion may change: each character that, inside a key of
# a dictionary of its chain (one character or a phrase), the key's (first) value replaces. Generated
# from OpenCC's dictionaries by `python -m kg.ingest.t2s_changes` (kg/ingest/t2s_changes.py);
# tests/ingest/test_t2s_changes.py checks it against the installed OpenCC.
"""


def opencc_dir() -> Path:
    """Where the installed OpenCC keeps its configurations, dictionaries and tools."""
    import opencc

    return Path(opencc.__file__).parent / "clib"


def chain_dictionaries(share: Path) -> list[Path]:
    """The dictionary files that :data:`CONFIG` converts with (normalisation and chain)."""
    config = json.loads((share / CONFIG).read_text(encoding="utf-8"))
    found: list[Path] = []

    def walk(d: dict) -> None:
        if d.get("type") == "group":
            for sub in d["dicts"]:
                walk(sub)
        else:
            found.append(share / d["file"])

    for step in [*config.get("normalization", []), *config["conversion_chain"]]:
        walk(step["dict"])
    return found


def entries(ocd2: Path, tool: Path) -> list[tuple[str, list[str]]]:
    """``(key, values)`` of a dictionary, written out as text by OpenCC's ``opencc_dict``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dict.txt"
        subprocess.run([str(tool), "-i", str(ocd2), "-o", str(out), "-f", "ocd2", "-t", "text"],
                       check=True, capture_output=True)
        rows = []
        for line in out.read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            rows.append((key, values.split(" ")))
        return rows


def changing_chars(base: Path | None = None) -> set[str]:
    """The characters a conversion by :data:`CONFIG` may change (see the module's docstring):
    of each entry, its first value is the one OpenCC writes. ValueError if an entry changes
    a key's length: then the count bound does not hold."""
    base = base or opencc_dir()
    tool = base / "bin" / "opencc_dict"
    out: set[str] = set()
    for ocd2 in chain_dictionaries(base / "share" / "opencc"):
        for key, values in entries(ocd2, tool):
            value = values[0]
            if len(value) != len(key):
                raise ValueError(f"{ocd2.name}: {key!r} -> {value!r} changes the length")
            out.update(k for k, v in zip(key, value) if k != v)
    return out


def file_text(chars: set[str]) -> str:
    """The data file of ``chars``: :data:`HEADER`, then the characters in code point order, 60 a line."""
    ordered = "".join(sorted(chars))
    if "#" in ordered or any(c.isspace() for c in ordered):
        raise ValueError("a character the data file cannot hold")
    return HEADER + "".join(ordered[i:i + 60] + "\n" for i in range(0, len(ordered), 60))


if __name__ == "__main__":
    print(file_text(changing_chars()), end="")
