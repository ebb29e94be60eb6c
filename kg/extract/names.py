"""Name candidates: places where a report may name a person without a title.

Lists of names (``李玉赋、张工、江广平等15位同志当选``), a name opening a sentence
(``孙春兰强调``) or followed by a title (``陈求发省长``) often carry no title chain that the
people extractor reads. This module does not decide that they are people: it records
each string that *could* be a name there (a family name and one or two characters, after
a clause or list break, before a list break, punctuation, a name follower or a title), with
its evidence. The identity pass (:mod:`kg.rdf.identity`) keeps only those whose name is
a person the facts of another report know, and only when the evidence places them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..document import Document
from ..facts import Evidence
from ..lexicon import alternation, titles, words

#: What may stand just before a name in a list or at a clause start.
BEFORE = set("、，,。；;：:（(“\"　 \n》") | set("和与及")
#: Characters never in a personal name.
NOT_IN_NAME = set("的了是与及等届次议省市县区委部席会、,。；;:：()“”\"'《》0123456789")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    ws = words("surnames.txt")
    return frozenset(w for w in ws if len(w) == 1), frozenset(w for w in ws if len(w) == 2)


@lru_cache(maxsize=1)
def _after() -> re.Pattern[str]:
    """What may follow a name: a list break, punctuation, a name follower or a title."""
    follow = alternation([*words("name_followers.txt"), *titles()])
    return re.compile(f"(?:{follow})|[^\u4e00-\u9fff·]|$")


@lru_cache(maxsize=1)
def _start() -> re.Pattern[str]:
    """A family name at the text's start or after a character of :data:`BEFORE`."""
    single, double = _surnames()
    before = re.escape("".join(sorted(BEFORE)))
    return re.compile(f"(?<![^{before}])(?:{alternation(double)}|[{''.join(sorted(single))}])")


def name_candidates(doc: Document) -> dict[str, Evidence]:
    """Each string of the report that could be a personal name where a name may stand
    without a title, with the evidence of its first occurrence."""
    text = doc.text
    after = _after()
    found: dict[str, Evidence] = {}
    for m in _start().finditer(text):
        i, k = m.start(), m.end()
        for j in (k + 1, k + 2):
            name = text[i:j]
            if j > len(text) or any(not ("\u4e00" <= c <= "\u9fff") or c in NOT_IN_NAME for c in text[k:j]):
                break
            if name not in found and after.match(text, j):
                found[name] = doc.evidence(i, j)
    return found
