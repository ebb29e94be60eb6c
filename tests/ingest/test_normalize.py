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
