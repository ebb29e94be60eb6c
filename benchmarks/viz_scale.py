"""How fast is a large network view? Build a synthetic graph of ~5,000 people and
organisations into a real store, render its view, open it in headless Chromium and time
until the network has drawn.

    python benchmarks/viz_scale.py [--nodes 5000] [--screenshot view.png] [--keep DIR]

The graph has the shape of real leadership graphs: regions (province, city, county,
enterprise) each with a trade union, a party committee, a people's congress and a
government; each organisation with a few to a dozen leaders; some people holding a second
role in another organisation of their region, a few also a seat in 中华全国总工会. Facts
go through the same path as a build's (identity pass, N-Quads, Oxigraph store) and the
view through :func:`kg.views.render`.

Prints Python-side seconds (store, read + filter, layout + page) and browser-side seconds
(navigation to drawn, and in total with Chromium's start). Goal: drawn in under 10 s.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.document import Region  # noqa: E402
from kg.facts import Evidence, Facts, Membership, Org  # noqa: E402
from kg.rdf import ReportPeople, report_quads, resolve_people  # noqa: E402
from kg.report import Report  # noqa: E402
from kg.store import STORE_DIR  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯健俊帆鹏志"
PLACE = "安宁康平泰和丰乐华兴清远长阳新江山河东西南北中云海湖林城川峰源"
BODIES = (("总工会", ("主席", "常务副主席", "副主席", "党组书记", "党组成员", "经审会主任")),
          ("委", ("书记", "副书记", "常委", "部长")),
          ("人大常委会", ("主任", "副主任", "秘书长")),
          ("人民政府", ("市长", "副市长", "秘书长")))
LEVELS = (("province", "省", 1), ("city", "市", 3), ("county", "县", 4), ("enterprise", "集团公司", 2))


def synthetic_reports(nodes: int = 5000, seed: int = 1) -> list[Report]:
    """Reports with membership facts, about ``nodes`` people and organisations in all."""
    rnd = random.Random(seed)
    used_names: set[str] = set()
    used_places: set[str] = set()

    def name() -> str:
        while True:
            n = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
            if n not in used_names:
                used_names.add(n)
                return n

    def place(suffix: str) -> str:
        while True:
            p = "".join(rnd.choice(PLACE) for _ in range(2)) + suffix
            if p not in used_places:
                used_places.add(p)
                return p

    national = Org("中华全国总工会", ("全总",), "national")
    reports: list[Report] = []
    count = 1  # the national union
    while count < nodes:
        level, suffix, weight = rnd.choice([lv for lv in LEVELS for _ in range(lv[2])])
        region = place(suffix)
        orgs = [Org(region + body, (), level) for body, _ in BODIES[: 1 if level == "enterprise" else 4]]
        doc = f"syn{len(reports):05d}"
        day = date(2018, 1, 1).toordinal() + rnd.randrange(7 * 365)
        published = date.fromordinal(day)
        facts = Facts(doc)
        text_at = 0
        for org, (_, roles) in zip(orgs, BODIES):
            for _ in range(rnd.randint(2, 10)):
                person = name()
                count += 1
                holds = [(rnd.choice(roles), org)]
                if rnd.random() < 0.15 and len(orgs) > 1:
                    other = rnd.choice([o for o in orgs if o is not org])
                    holds.append((rnd.choice(BODIES[orgs.index(other)][1]), other))
                if rnd.random() < 0.01:
                    holds.append(("执委", national))
                for role, o in holds:
                    quote = f"{o.name}{role}{person}出席会议并讲话。"
                    facts.memberships.append(Membership(person, role, o, Evidence(doc, text_at, text_at + len(quote), quote)))
                    text_at += len(quote)
        count += len(orgs)
        reports.append(Report(doc, f"synthetic/{doc}.txt", title=f"{orgs[0].name}召开全委（扩大）会议",
                              published=published, region=Region(region), chars=text_at, facts=facts,
                              encoding="utf-8", script="simplified", format="text"))
    return reports


def build_store(reports: list[Report], out: Path) -> None:
    """The store a build would make of these reports (identity pass, N-Quads, Oxigraph)."""
    people = resolve_people(ReportPeople(r.id, r.region, r.facts) for r in reports)
    nquads = "".join(line for r in reports for line in report_quads(r, people))
    store = ox.Store(str(out / STORE_DIR))
    store.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--screenshot", type=Path, default=None, help="save a PNG of the drawn view")
    ap.add_argument("--keep", type=Path, default=None, help="keep the store and page in this folder")
    ap.add_argument("--timeout", type=float, default=240)
    args = ap.parse_args(argv)

    from kg.views import render
    from kg.views.chromium import Chromium, find_chromium

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        reports = synthetic_reports(args.nodes)
        build_store(reports, out)
        t_store = time.perf_counter() - t0
        result = render(out, out / "view.html")
        t = result.timings
        print(f"graph:   {result.nodes:,} nodes, {result.edges:,} links ({len(reports):,} synthetic reports); "
              f"physics {'on' if result.physics else 'off (layout in Python)'}")
        print(f"python:  store {t_store:.2f} s; read {t['read']:.2f} s, filter {t['select']:.2f} s, "
              f"layout+page {t['page']:.2f} s; view total {sum(t.values()):.2f} s; "
              f"page {(out / 'view.html').stat().st_size / 1e6:.1f} MB")
        if not find_chromium():
            print("browser: no Chromium found (apt-get install chromium); skipped")
            return 0
        t0 = time.perf_counter()
        with Chromium() as browser:
            page = browser.new_page(1400, 900)
            started = time.perf_counter()
            page.goto(out / "view.html", timeout=args.timeout)
            page.wait_for("document.body.dataset.drawn === 'true'", timeout=args.timeout, interval=0.02)
            drawn = time.perf_counter()
            in_page = page.evaluate("window.kgView.drawnAt") / 1000
            shown = page.evaluate("Object.keys(window.kgView.network.getPositions()).length")
            if args.screenshot:
                page.screenshot(args.screenshot)
        print(f"browser: drawn {drawn - started:.2f} s after navigation ({in_page:.2f} s by the page's clock), "
              f"{drawn - t0:.2f} s with Chromium's start; {shown:,} nodes drawn")
        verdict = "under" if drawn - started < 10 else "OVER"
        print(f"goal:    {verdict} 10 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
