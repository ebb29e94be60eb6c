"""Task themes: TF-IDF keywords of the meetings' task texts (jieba)."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import pandas as pd

# ---------------------------------------------------------------------------- text

#: Words too general to be a theme of trade-union tasks (jieba's idf ranks them high).
STOPWORDS = frozenset("""
工作 工会 职工 推进 加强 坚持 全面 进一步 积极 深入 不断 切实 努力 大力 持续 着力 扎实 充分
更加 更好 认真 广大 建设 发展 实现 推动 落实 开展 提高 提升 做好 抓好 围绕 紧紧围绕 服务 作用
发挥 贯彻 学习 全省 全市 全国 我省 我市 各级 工会工作 广大职工 职工群众 奋力 十九 二十
""".split())


@lru_cache(maxsize=1)
def _tfidf():
    """jieba's TF-IDF keyword extractor, its dictionary loaded without the log lines."""
    import jieba
    import jieba.analyse

    extractor = jieba.analyse.TFIDF()
    level = jieba.default_logger.level
    jieba.default_logger.setLevel(logging.WARNING)
    try:
        jieba.dt.initialize()
    finally:
        jieba.default_logger.setLevel(level)
    return extractor


def task_keywords(
    tasks: pd.DataFrame | Iterable[str], topk: int = 20, stopwords: Iterable[str] = STOPWORDS,
    allow_pos: Sequence[str] = (),
) -> pd.DataFrame:
    """The most characteristic words of the task texts (jieba TF-IDF keywords).

    ``tasks``: a :func:`tasks` frame (column ``task``; a task stated by several reports of
    one meeting counts once) or plain texts. Returns ``keyword``, ``weight`` (TF-IDF score)
    and ``tasks`` (how many tasks contain it), best first; at most ``topk`` rows.
    ``stopwords`` are left out (default :data:`STOPWORDS`), and so are one-character words
    and numbers. ``allow_pos``: keep only these jieba part-of-speech tags (e.g. ``("n",
    "vn")``); empty keeps all.
    """
    if isinstance(tasks, pd.DataFrame):
        keys = [c for c in ("meeting_id", "task") if c in tasks.columns]
        texts = tasks.drop_duplicates(keys)["task"].dropna().astype(str).tolist() if len(tasks) else []
    else:
        texts = [str(t) for t in tasks]
    columns = ["keyword", "weight", "tasks"]
    if not texts:
        return pd.DataFrame(columns=columns)
    stop = set(stopwords)
    candidates = _tfidf().extract_tags("\n".join(texts), topK=topk + len(stop) + 50,
                                       withWeight=True, allowPOS=tuple(allow_pos))
    rows = []
    for word, weight in candidates:
        if word in stop or len(word) < 2 or re.fullmatch(r"[\d.%]+", word):
            continue
        rows.append({"keyword": word, "weight": weight, "tasks": sum(word in t for t in texts)})
        if len(rows) == topk:
            break
    return pd.DataFrame(rows, columns=columns)


