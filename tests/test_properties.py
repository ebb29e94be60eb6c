"""Property-based tests (hypothesis) of normalisation and extraction on arbitrary and
genre-like text: they never crash, offsets and evidence spans always lie inside the
original text, and normalisation is idempotent."""
from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import kg
from kg.document import Document
from kg.ingest import ReportError, document_from_bytes
from kg.ingest.normalize import normalize

#: Examples per test; ``KG_HYPOTHESIS_SCALE=20`` runs twenty times as many (a deeper search).
SCALE = float(os.environ.get("KG_HYPOTHESIS_SCALE", "1"))
FAST = settings(max_examples=int(300 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies ------------------------------------------------------------------------------

#: Any Unicode text that can be a report (no lone surrogates: they cannot come out of a decoder).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)

TRADITIONAL = "臨汾市工會總開幕書記會議講話當選為職員團結發揚著於乾後裡臺灣黨組經審會"
PINYIN = ["(huì)", "(gōng)", "（kāi）", "(de)", "(zhǔ xí)", "(shì)", "(ā)", "(ǎ)"]
CONTROLS = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u200b", "\u200e",
            "\u2028", "\u202e", "\u2060", "\ufeff", "\r", "\r\n", "\t"]
ODD = ["\ufffd", "\u3000", "\xa0", "（", "）", "，", "。", "！", "？", "；", "：", "、", "“", "”", "《", "》",
       "Ａ", "１", "ｈｕì", "①", "㈠", "豈", "\uf900", "ﬁ", "…", "——", "\U00020000", "😀", "e\u0301"]
WORDS = [
    # titles, orgs and qualifiers
    "主席", "副主席", "常务副主席", "党组书记", "党组成员", "书记", "副书记", "部长", "主任", "委员", "常委",
    "省委", "市委", "省总工会", "市总工会", "县总工会", "工会", "甘肃省总工会", "临汾市", "福建省", "兰州市",
    "中华全国总工会", "经审会", "宣传部", "组织部", "人大常委会", "政协", "人民政府",
    # names, placeholders
    "吴明明", "王嘉毅", "张弘强", "周联清", "李某", "某某", "X市", "**市", "XX", "XXX", "○○", "同志",
    # meetings and dates
    "召开", "举行", "闭幕", "开幕", "会议", "全委(扩大)会议", "第十二届", "九次", "代表大会", "干部大会",
    "2022年3月4日", "3月4日", "昨日", "今天", "118日", "28日上午", "2月30日", "7月14-16日",
    # cues, tasks
    "出席会议并讲话", "主持会议", "作工作报告", "当选为", "选举", "任命", "会议要求", "会议强调", "要",
    "着力", "深化", "推进", "坚持", "加强", "等领导出席", "出席", "参加",
]
PIECES = WORDS + PINYIN + CONTROLS + ODD + list(TRADITIONAL) + [" ", "\n", "\n\n", ",", "、", "。", "!", "?"]
GENRE_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=80).map("".join)
#: Pages that repeat their lines and sentences (normalisation drops the repeats), in
#: both scripts, with glosses, stray spaces and unterminated line ends.
SENTENCES = ["省总工会召开十二届九次全委(扩大)会议。", "省總工會召開十二屆九次全委(擴大)會議。",
             "会议要求着力深化产业工人队伍建设改革！", "會議要求著力深化產業工人隊伍建設改革！",
             "省人大常委会副主任吴明明主持会议?", "省总工会主席吴明明出席", "会(huì)议(yì)召开(kāi)了。"]
REPEATS = st.lists(st.sampled_from([*SENTENCES, "\n", " ", "。", "?", "(huì)", "會", "X"]), max_size=40).map("".join)


def check_offsets(original: str, text: str, offsets) -> None:
    if offsets is None:  # no character moved (some may have been replaced in place)
        assert len(text) == len(original)
        return
    assert len(offsets) == len(text)
    assert all(0 <= o < len(original) for o in offsets)
    assert offsets == sorted(offsets), "offsets go backwards"


# -- normalisation ---------------------------------------------------------------------------

@FAST
@given(st.one_of(ANY_TEXT, GENRE_TEXT, REPEATS))
@example("臨汾市工會(huì)召开会议（扩大）\r\n\u200b王某出席")
@example("會（ｈｕì）議")  # full-width letters only become a gloss after NFKC
def test_normalize_never_crashes_and_offsets_stay_inside(original):
    text, offsets, script = normalize(original)
    assert script in ("simplified", "traditional", "pinyin-annotated")
    check_offsets(original, text, offsets)


@FAST
@given(st.one_of(ANY_TEXT, GENRE_TEXT, REPEATS))
@example("省总工会召开会议,会议要求加强团结。\n省总工会召开会议,会议要求加强团结。会议强调推进改革创新工作。")
def test_normalize_is_idempotent(original):
    once = normalize(original)[0]
    assert normalize(once)[0] == once


# -- reading bytes ---------------------------------------------------------------------------

@SLOW
@given(st.binary(max_size=400) | GENRE_TEXT.map(lambda t: t.encode("utf-8")),
       st.sampled_from([None, True, False]))
def test_reading_arbitrary_bytes_gives_a_document_or_a_clear_error(data, is_html):
    try:
        doc = document_from_bytes("b", data, is_html=is_html)
    except ReportError as exc:
        assert str(exc)
        return
    assert doc.text.strip()
    check_offsets(doc.original, doc.text, doc.offsets)


HTML_PIECES = ["<div>", "</div>", "<p>", "</p>", "<br>", "<br/>", "<script>", "</script>", "<style>", "</style>",
               "<!--", "-->", "<title>", "</title>", "<b>", "<table><tr><td>", "&amp;", "&#0;", "&#xD800;", "&nbsp;",
               "<", ">", "/", "\"", "'", "=", "<a href='x'>", "<img src=x onerror=alert(1)>", "<![CDATA[", "]]>"]
HTML_TEXT = st.lists(st.sampled_from(HTML_PIECES + WORDS + ["。", "\n", " "]), max_size=60).map("".join)


@SLOW
@given(HTML_TEXT)
def test_html_pages_read_with_and_without_the_parser(page):
    from kg.ingest.html import flat_text, html_to_text

    for text, title in (html_to_text(page), flat_text(page)):
        assert isinstance(text, str) and isinstance(title, str)
    try:
        doc = document_from_bytes("h", page.encode("utf-8"), is_html=True)
    except ReportError:
        return
    check_offsets(doc.original, doc.text, doc.offsets)
    assert "<script" not in doc.original.lower() or "</script" not in page.lower()


# -- extraction ------------------------------------------------------------------------------

def check_evidence(doc: Document, ev) -> None:
    assert ev.doc_id == doc.id
    assert 0 <= ev.start <= ev.end <= len(doc.original)
    # the quote is the stated sentence as it stands in the original, and contains the span
    assert ev.quote in doc.original
    span = doc.original[ev.start:ev.end].strip()
    assert span in ev.quote or not span


@SLOW
@given(GENRE_TEXT, st.sampled_from([None, date(2022, 3, 9), date(2017, 1, 5)]))
@example("省总工会召开十二届九次全委(扩大)会议。省人大常委会副主任、省总工会主席吴明明主持会议。会议要求着力深化改革。",
         date(2022, 3, 9))
@example("X市总工会召开第X届X次全委(扩大)会议,XX主持会议,**市总工会主席XXX讲话。", None)
def test_extraction_never_crashes_and_evidence_lies_inside_the_text(body, published):
    try:
        doc = document_from_bytes("g", body.encode("utf-8"))
    except ReportError:
        assume(False)
    if published is not None:
        doc.published = published
    facts = kg.extract_facts(doc)
    keys = {m.key for m in facts.meetings}
    for fact in (*facts.memberships, *facts.meetings, *facts.tasks, *facts.participations):
        check_evidence(doc, fact.evidence)
    for p in facts.participations:
        assert p.meeting in keys
    for t in facts.tasks:
        assert t.meeting in keys
    for m in facts.memberships:
        assert m.person and m.role and m.org.name


@SLOW
@given(GENRE_TEXT)
def test_extraction_on_a_document_built_by_hand(body):
    """A Document made without the reader (as a library user may): no normalisation at all."""
    assume(body)
    doc = Document(id="h", original=body, text=body)
    facts = kg.extract_facts(doc)
    for fact in (*facts.memberships, *facts.meetings, *facts.tasks, *facts.participations):
        check_evidence(doc, fact.evidence)
