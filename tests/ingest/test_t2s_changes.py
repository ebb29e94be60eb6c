"""The pre-check of Traditional script (kg/lexicon/t2s_changes.txt) agrees with OpenCC."""
import operator
from pathlib import Path

import pytest

from kg.ingest import t2s_changes
from kg.ingest.normalize import _cjk_count, _may_change, _t2s, _traditional, to_simplified, traditional_conversion

ROOT = Path(__file__).resolve().parents[2]
DEV_DOCS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


def full_check(text: str):
    """What normalisation did before the pre-check: convert, then count the changes."""
    converted, cmap = to_simplified(text)
    changed = len(converted) if cmap is not None else sum(map(operator.ne, text, converted))
    cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return (converted, cmap) if _traditional(changed, cjk) else None


def test_data_file_matches_the_installed_opencc():
    if not (t2s_changes.opencc_dir() / "bin" / "opencc_dict").exists():
        pytest.skip("this OpenCC has no opencc_dict to write its dictionaries out")
    data = (ROOT / "kg" / "lexicon" / "t2s_changes.txt").read_text(encoding="utf-8")
    assert data == t2s_changes.file_text(t2s_changes.changing_chars()), \
        "regenerate: python -m kg.ingest.t2s_changes > kg/lexicon/t2s_changes.txt"


def test_every_character_opencc_changes_alone_is_one_it_may_change():
    chars = [chr(i) for i in range(0x20, 0x10000) if not 0xD800 <= i < 0xE000 and chr(i) != "\n"]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    assert len(converted) == len(chars)
    changed = [c for c, out in zip(chars, converted) if out != c]
    assert len(changed) > 4000
    assert [c for c in changed if not _may_change().match(c)] == []


SIMPLIFIED = "省总工会召开第十五届委员会第三次全体会议,会议由主席王某主持,要求各级工会干部深入基层。"
TRADITIONAL = "省總工會召開第十五屆委員會第三次全體會議,會議由主席王某主持,要求各級工會幹部深入基層。"
TEXTS = [
    SIMPLIFIED,
    TRADITIONAL,
    SIMPLIFIED + TRADITIONAL,  # a Traditional copy of a paragraph
    SIMPLIFIED * 3 + "本報記者陳某",  # a few Traditional characters in a Simplified report
    SIMPLIFIED.replace("王某", "李丙乾"),  # 乾: one character t2s rewrites, in a name
    "他的性格深沈,說話不多。" * 2,  # 深沈 -> 深沉: changed only as a phrase
    "深沈" * 2,
    "会議",  # one changed character: too few
    "丽𠀀𠮷" * 3,  # outside the Basic Multilingual Plane: left to OpenCC
    "",
    "Copyright 2024 工会",
]


@pytest.mark.parametrize("text", TEXTS)
def test_precheck_gives_what_the_full_check_gives(text):
    assert traditional_conversion(text) == full_check(text)


def test_opencc_changes_no_more_characters_than_the_precheck_counts():
    texts = TEXTS + [p.read_text(encoding="utf-8", errors="replace") for p in sorted(DEV_DOCS.glob("*"))[:60]]
    for text in texts:
        converted, cmap = to_simplified(text)
        assert cmap is None
        changed = sum(map(operator.ne, text, converted))
        assert changed <= len(_may_change().findall(text))
        assert traditional_conversion(text) == full_check(text)
        assert _cjk_count(text) == sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
