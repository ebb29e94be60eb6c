import pytest

from kg.ingest.encoding import decode

TEXT = "臨汾市工會第三次代表大會開幕,市委書記岳普煜出席會議並講話。省總工會召開十二屆九次全委會議。"
SIMPLE = "省总工会召开十二届九次全委(扩大)会议,省委常委、省委宣传部部长王嘉毅出席会议并讲话。"


@pytest.mark.parametrize("enc", ["gb18030", "gbk"])
def test_gbk_family(enc):
    text, found, warnings = decode(SIMPLE.encode(enc))
    assert text == SIMPLE and found == "gb18030" and not warnings


def test_big5():
    text, found, _ = decode(TEXT.encode("big5"))
    assert text == TEXT and found == "big5"


def test_utf8_bom_and_plain():
    assert decode(SIMPLE.encode("utf-8-sig"))[:2] == (SIMPLE, "utf-8-sig")
    assert decode(SIMPLE.encode("utf-8"))[:2] == (SIMPLE, "utf-8")


def test_invalid_bytes_inside_utf8_are_replaced_with_a_warning():
    data = SIMPLE.encode("utf-8") * 5
    data = data[:40] + b"\xff\xfe" + data[40:]
    text, enc, warnings = decode(data)
    assert enc == "utf-8" and "\ufffd" in text and warnings
    assert "王嘉毅" in text


def test_binary_is_refused():
    with pytest.raises(ValueError, match="binary"):
        decode(bytes(range(256)) * 4)
