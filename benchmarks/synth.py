"""Distinct, realistic synthetic reports: the dev reports recombined with other people,
places, meeting numbers and dates (used by ``benchmarks/scale.py``).

Nothing of the corpus is stored here: the dev reports and their gold (for the person names
in each report) are read from ``../shared`` at run time. Each synthetic report takes one
dev report and

- moves it to another region (a county drawn from the ``cpca`` table): the names of the
  report's own province, city and county, full and short, become those of the new region,
  so its organisations become new ones (X市总工会, X县委 ...);
- renames its people: a person's new name depends on the original name, the new province
  and a five-year era, so leaders repeat across the reports of one province and period
  while new people appear as the corpus grows;
- renumbers congresses and sessions (第N届, N次) and moves years, months and days.

Names are made from a surname table (kg/lexicon/surnames.txt) and a pool of given-name
characters; a draw that repeats an earlier report's text is made again with another seed.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.lexicon.places import Place, places, short_name

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"

#: Characters common in given names (a generic pool, not names of any report).
GIVEN = ("伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清"
         "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
         "厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家"
         "致树炎德行时泰盛秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环"
         "雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶")
NUMERALS = "〇一二三四五六七八九"
CN_NUM = re.compile(r"[一二三四五六七八九十]+")


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (十一, 二十三)."""
    tens, ones = divmod(n, 10)
    return ((NUMERALS[tens] if tens > 1 else "") + "十" if tens else "") + (NUMERALS[ones] if ones else "")


def _surnames() -> list[str]:
    text = (ROOT / "kg" / "lexicon" / "surnames.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return [w for w in words if len(w) == 1][:120]  # the common single-character ones


@dataclass
class Source:
    name: str
    suffix: str
    text: str
    people: list[str]  # longest first
    province: str
    places: dict[str, Place]  # name in the text -> the place it names


def load_sources(dev: Path = DEV) -> list[Source]:
    """The dev reports with their people (gold) and the places of their own province."""
    by_name: dict[str, list[Place]] = {}
    for p in places():
        by_name.setdefault(p.name, []).append(p)
        if p.level != "county":
            by_name.setdefault(p.short, []).append(p)
    sources = []
    for path in sorted((dev / "docs").iterdir()):
        gold_file = dev / "gold" / f"{path.stem}.json"
        if not gold_file.is_file():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8", errors="replace")
        people = {r["person"] for k in ("memberships", "participations") for r in gold.get(k, ())}
        people = sorted((n for n in people if len(n) >= 2 and n in text), key=lambda n: (-len(n), n))
        region = gold.get("region") or ""
        province = next((p.province for p in places() if p.level == "province" and region.startswith(p.name)), "")
        found = {}
        if province:
            for name, cands in by_name.items():
                if len(name) >= 2 and name in text:
                    own = [c for c in cands if c.province == province]
                    if own:
                        found[name] = own[0]
        sources.append(Source(path.name, path.suffix, text, people, province, found))
    return sources


class Generator:
    """``Generator(sources).report(i)``: the text of synthetic report ``i`` (deterministic)."""

    def __init__(self, sources: list[Source], seed: int = 14) -> None:
        self.sources = sources
        self.seed = seed
        self.surnames = _surnames()
        self.counties = [p for p in places() if p.level == "county" and p.city and p.city != p.province]
        self.by_name = {p.name: p for p in places()}
        self._seen: set[str] = set()

    def person(self, original: str, province: str, era: int) -> str:
        h = hashlib.blake2b(f"{original}|{province}|{era}|{self.seed}".encode(), digest_size=8).digest()
        surname = self.surnames[h[0] % len(self.surnames)]
        given = GIVEN[h[1] % len(GIVEN)] + (GIVEN[h[2] % len(GIVEN)] if h[3] % 3 else "")
        return surname + given

    def report(self, i: int) -> tuple[str, str]:
        """(file name, text) of report ``i``; distinct from every report made before."""
        for attempt in range(8):
            rng = random.Random(f"{self.seed}:{i}:{attempt}")
            src = self.sources[rng.randrange(len(self.sources))]
            text = self._recombine(src, rng)
            digest = hashlib.sha1("".join(text.split()).encode()).hexdigest()
            if digest not in self._seen:
                self._seen.add(digest)
                break
        return f"s{i:07d}{src.suffix}", text

    def _recombine(self, src: Source, rng: random.Random) -> str:
        county = rng.choice(self.counties)
        city, province = self.by_name.get(county.city), self.by_name.get(county.province)
        target = {"province": province, "city": city, "county": county}
        year_shift = rng.randrange(-12, 12)
        era = None
        subs: dict[str, str] = {}
        for name, place in src.places.items():
            new = target.get(place.level)
            if new is None:
                continue
            subs[name] = new.name if name == place.name else short_name(new.name)
        # years first (the era of the people depends on them)
        def year(m: re.Match) -> str:
            nonlocal era
            y = int(m.group(1))
            if y >= 1990:  # recent years move; historical ones stay
                y = min(2025, max(1990, y + year_shift))
                era = y // 5 if era is None else era
            return f"{y}{m.group(2)}"
        text = re.sub(r"(?<!\d)((?:19|20)\d\d)(年|-\d\d-\d\d)", year, src.text)
        era = era if era is not None else rng.randrange(399, 405)
        for name in src.people:
            subs[name] = self.person(name, county.province, era)
        if subs:
            pattern = re.compile("|".join(map(re.escape, sorted(subs, key=lambda s: (-len(s), s)))))
            text = pattern.sub(lambda m: subs[m.group(0)], text)
        months: dict[str, str] = {}
        text = re.sub(r"(?<!\d)(\d{1,2})月(\d{1,2})日",
                      lambda m: months.setdefault(m.group(0), f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"), text)
        sessions: dict[str, str] = {}
        text = re.sub(r"第([一二三四五六七八九十]+)(届|次)",
                      lambda m: sessions.setdefault(m.group(0), f"第{cn_number(rng.randint(1, 19))}{m.group(2)}"), text)
        text = re.sub(r"(?<=届)([一二三四五六七八九十]{1,2})次",
                      lambda m: sessions.setdefault(m.group(0), f"{cn_number(rng.randint(1, 9))}次"), text)
        return text


def generate(n: int, folder: Path, start: int = 0, sources: list[Source] | None = None,
             generator: Generator | None = None) -> Iterator[tuple[Path, str]]:
    """Write reports ``start .. start+n-1`` into ``folder``; yield (path, text)."""
    gen = generator or Generator(sources or load_sources())
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        name, text = gen.report(i)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        yield path, text
