"""Traditional and pinyin-glossed pages read like their Simplified twins.

Twins of the seeds are made with OpenCC (s2t, s2hk, s2tw) and by adding a reading after
every character (``会(huì)``, as glossed pages do); each twin must give the same facts.
"""
import re

import opencc
import pytest

from kg.extract import extract_all
from kg.ingest import document_from_bytes
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
#: Tone-marked readings cycled over the characters (the normaliser keys on the tone mark).
READINGS = ("huì", "gōng", "zhǔ", "xí", "dà")


def facts(text: str):
    f = extract_all(document_from_bytes("twin", text.encode("utf-8")))
    return ({(m.person, m.role, m.org.name) for m in f.memberships},
            {(m.org.name, m.name, m.date, m.main) for m in f.meetings},
            {(t.meeting, t.text) for t in f.tasks},
            {(p.person, p.kind, p.meeting) for p in f.participations})


def glossed(text: str) -> str:
    k = iter(range(10**9))
    return re.sub(r"[\u4e00-\u9fff]", lambda m: f"{m.group(0)}({READINGS[next(k) % len(READINGS)]})", text)


@pytest.mark.parametrize("conf", ["s2t", "s2hk", "s2tw"])
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem[:3])
def test_opencc_twins_give_the_same_facts(conf, path):
    text = path.read_text(encoding="utf-8")
    simplified = facts(text)
    assert facts(opencc.OpenCC(conf).convert(text)) == simplified


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem[:3])
def test_pinyin_glossed_twins_give_the_same_facts(path):
    text = path.read_text(encoding="utf-8")
    assert facts(glossed(text)) == facts(text)
