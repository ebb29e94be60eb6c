"""Reading hostile input: stray controls, sizes, long lines, Traditional 著, and
normalisation edge cases that once broke idempotency (kept as regressions)."""
from __future__ import annotations

import signal
import tracemalloc
from contextlib import contextmanager

import pytest

from kg.document import MAX_SENTENCE, Document
from kg.ingest import MAX_BYTES, ReportError, document_from_bytes, read_document
from kg.ingest.encoding import decode, looks_binary
from kg.ingest.normalize import dedupe_spans, normalize

SIMPLE = "省总工会召开十二届九次全委(扩大)会议,省委常委、省委宣传部部长王嘉毅出席会议并讲话。"


@contextmanager
def time_limit(seconds: float):
    """Fail instead of hanging (a guard against catastrophic backtracking, not a benchmark)."""
    def expire(*_):
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- controls and binary -----------------------------------------------------------------------

def test_a_stray_nul_does_not_make_text_binary():
    data = (SIMPLE * 20).encode("utf-8")
    data = data[:300] + b"\x00" + data[300:]
    assert not looks_binary(data)
    doc = document_from_bytes("n", data)
    assert "\x00" not in doc.text and "王嘉毅" in doc.text


def test_many_nuls_or_controls_are_binary():
    assert looks_binary(SIMPLE.encode("utf-16-le"))  # UTF-16 without a BOM: NUL-heavy only for ASCII
    assert looks_binary(b"\x00" * 200 + SIMPLE.encode())
    assert looks_binary(bytes(range(32)) * 20 + SIMPLE.encode())
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x01\x02\x03\x04" * 100)


def test_controls_and_invisible_characters_are_removed_with_offsets_kept():
    original = "省总\x07工会\u200b主席\x1b吴明\u202e明\ufeff出席\x7f会议\x85。\r\n第二行\u2028第三行"
    text, offsets, _ = normalize(original)
    assert text == "省总工会主席吴明明出席会议。\n第二行第三行"
    i = text.index("吴明明")
    assert original[offsets[i]] == "吴" and original[offsets[i + 2]] == "明"


# -- size ---------------------------------------------------------------------------------------

def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(SIMPLE.encode("utf-8") * (4 * MAX_BYTES // len(SIMPLE.encode("utf-8"))))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(ReportError, match=f"file too large: {size:,} bytes, over the limit of {MAX_BYTES:,}"):
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_BYTES * 1.2 < size  # at most the limit was read


def test_bytes_over_the_limit_are_refused():
    with pytest.raises(ReportError, match="file too large"):
        document_from_bytes("b", b"a" * (MAX_BYTES + 1))


# -- long lines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["主席", "省委常委、组织部部长王嘉毅出席会议并讲话,", " 张", "会议"])
def test_a_long_line_without_sentence_ends_reads_in_linear_time(unit):
    """200,000 characters with no full stop: the repeat finder once took 6 minutes here."""
    text = unit * (200_000 // len(unit))
    with time_limit(30):
        doc = document_from_bytes("long", text.encode("utf-8"))
    assert len(doc.text) > 100_000


def test_dedupe_on_a_long_unterminated_line_is_fast():
    with time_limit(10):
        assert dedupe_spans("主席" * 100_000) == []


def test_over_long_sentences_are_cut_for_the_extractors():
    sentence = "省总工会主席吴明明出席会议并讲话," * 300 + "会议结束。"
    doc = Document("s", sentence + "\n下一句。", sentence + "\n下一句。")
    spans = doc.sentences
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert spans[-1] == (len(sentence) + 1, len(sentence) + 5)
    # the pieces cover the long sentence, cut after its commas
    pieces = [doc.text[s:e] for s, e in spans[:-1]]
    assert "".join(pieces) == sentence
    assert all(p.endswith(",") for p in pieces[:-1])


# -- Traditional 著 -----------------------------------------------------------------------------

def test_traditional_zhe_becomes_simplified_zhe_but_zhu_words_stay():
    text, _, script = normalize("省總工會要著力破解難題,隨著改革深入,接著發言,為職工著想;取得顯著成效,著名勞模出席。")
    assert script == "traditional"
    assert text == "省总工会要着力破解难题,随着改革深入,接着发言,为职工着想;取得显著成效,著名劳模出席。"


def test_simplified_zhu_is_left_alone():
    assert normalize("取得显著成效,著名劳模,着力推进。")[0] == "取得显著成效,著名劳模,着力推进。"


# -- idempotency regressions --------------------------------------------------------------------

LONG = "省总工会召开十二届九次全委扩大会议传达学习全总十七届五次执委会会议精神总结回顾工作安排部署任务。" * 2


@pytest.mark.parametrize("original", [
    "㍘(ì)(ì)",  # NFKC makes a CJK character: the gloss after it goes in the same pass
    "會(huì)(huì)議",  # a gloss after a gloss
    "會（ｈｕì）議",  # full-width letters: a gloss only after NFKC
    "會議\n" + LONG + "\n" + LONG + "\n",  # Traditional once the repeats are gone
    "CCCCCCCCCCCCCCCC\nAAAAAAAAAAAAAAA。\nAAAAAAAAAAAAAAA。CCCCCCCCCCCCCCCC",  # what is left repeats a line
    "AAAAAAAAAAAAAAA。\nAAAAAAAAAAAAAAA。 BBBBBBBBBBBBBBBBB。",  # a removed sentence leaves a space
    "省总工会召开十二届九次全委(扩大)会议。?省总工会召开十二届九次全委(扩大)会议。(huì)",  # a gloss after ?
])
def test_normalisation_is_idempotent_on_past_failures(original):
    once = normalize(original)[0]
    assert normalize(once)[0] == once


def test_repeats_are_still_dropped_once():
    lead = "会议要求,要奋力打造品牌工会,持续做强职工服务品牌。"
    text = normalize(f"标题\n{lead}\n正文第一段说明情况,内容很长很长。{lead}\n{lead}\n")[0]
    assert text.count("奋力打造品牌工会") == 1


# -- pathological HTML ---------------------------------------------------------------------------

def test_deeply_nested_html_is_read_flat_and_fast():
    """100,000 nested <div>: the HTML parser needs minutes (quadratic in the depth)."""
    page = ("<html><head><title>省总工会召开全委会议</title><script>var s = '<div>张三丰当选为主席</div>';</script>"
            "<style>p::after { content: '李四光' }</style></head><body>" + "<div>" * 100_000 + SIMPLE
            + "<!-- 王五出席 -->" + "</div>" * 100_000 + "<p>第二段&amp;结束。</p></body></html>")
    with time_limit(20):
        doc = document_from_bytes("deep", page.encode("utf-8"), is_html=True)
    assert doc.text == SIMPLE + "\n第二段&结束。"
    assert doc.title == "省总工会召开全委会议"
    assert any("nested" in w for w in doc.warnings)


def test_ordinary_html_is_not_read_flat():
    page = "<html><body>" + "<div><p>段落<b>加粗</b></p>" * 3000 + "</div>" * 3000 + "</body></html>"
    doc = document_from_bytes("ok", page.encode("utf-8"), is_html=True)
    assert not doc.warnings and doc.fmt == "html"
