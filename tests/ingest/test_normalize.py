import pytest

from kg.ingest.normalize import normalize


def test_traditional_to_simplified_keeps_offsets():
    original = "臨汾市工會第三次代表大會開幕"
    text, offsets, script = normalize(original)
    assert text == "临汾市工会第三次代表大会开幕"
    assert script == "traditional"
    assert offsets is None or all(original[o] for o in offsets)


def test_pinyin_glosses_removed_both_forms():
    original = "臨汾市工會(huì)第三次代表大會(huì)開(kāi)幕,工(gōng)人出席"
    text, offsets, script = normalize(original)
    assert text == "临汾市工会第三次代表大会开幕,工人出席"
    assert script == "pinyin-annotated"
    i = text.index("开幕")
    assert original[offsets[i]] == "開"
    assert original[offsets[i + 1]] == "幕"


def test_nfkc_fullwidth_and_offsets_back_to_original():
    original = "十二届九次全委（扩大）会议，王嘉毅出席"
    text, offsets, _ = normalize(original)
    assert text == "十二届九次全委(扩大)会议,王嘉毅出席"
    i = text.index("王嘉毅")
    assert original[offsets[i]: offsets[i] + 3] == "王嘉毅"


def test_repeated_lead_read_once():
    lead = "会议要求,要奋力打造品牌工会,持续做强职工服务品牌。"
    original = f"标题\n\n{lead}\n\n正文第一段说明情况,内容很长很长。\n\n{lead}\n"
    text, offsets, _ = normalize(original)
    assert text.count("奋力打造品牌工会") == 1


def test_normalisation_is_idempotent():
    original = "臨汾市工會(huì)召开会议（扩大）\r\n\u200b王某出席"
    once = normalize(original)[0]
    assert normalize(once)[0] == once


def test_simplified_report_keeps_characters_that_t2s_would_rewrite():
    from kg.ingest.normalize import normalize

    text = "先进模范人物代表、八矿研究生班班长李丙乾代表全体代表宣读倡议书。"
    out, _, script = normalize(text)
    assert script == "simplified" and "李丙乾" in out


def test_hong_kong_variant_forms_become_simplified():
    # 衞 is the Hong Kong form of 衛 (卫): t2s alone keeps it
    text, _, script = normalize("張衞出席會議,保衞職工權益")
    assert text == "张卫出席会议,保卫职工权益" and script == "traditional"


def test_qian_in_a_name_stays_qian():
    text, _, _ = normalize("先進代表李丙乾宣讀倡議書,會場乾淨整潔")
    assert "李丙乾" in text and "干净" in text


@pytest.mark.parametrize("gloss", ["(huì)", "（huì）", "[huì]", "【huì】", "〔huì〕", "(huì )"])
def test_gloss_in_brackets_of_each_kind_removed(gloss):
    text, offsets, script = normalize(f"省總工會{gloss}召開全委會{gloss}議")
    assert text == "省总工会召开全委会议" and script == "pinyin-annotated"
    assert offsets[text.index("召")] == len("省總工會") + len(gloss)


def test_neutral_tone_gloss_with_a_space_removed():
    text, _, _ = normalize("工會(huì )的(de )工作(zuò )會(huì )議(yì )")
    assert text == "工会的工作会议"


def test_numbered_brackets_are_no_gloss():
    assert normalize("見[1]和[注]")[0] == "見[1]和[注]"


def test_gloss_that_lost_its_bracket_removed_in_a_glossed_report():
    text, _, _ = normalize("工會(huì)召開(kāi)會(huì)議,來源:《工人日?qǐng)?bào)》")
    assert text == "工会召开会议,来源:《工人日??》"
    assert normalize("问号?ok)不是注音")[0] == "问号?ok)不是注音"
