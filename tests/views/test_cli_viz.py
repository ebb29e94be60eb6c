"""``kg viz`` and the view ``kg build`` writes."""
import json
import re
import sys

import pytest

import kg.views
from kg.build import build
from kg.cli import main

from ..factories import write_reports
from ..fixtures import built, fake_extractor  # noqa: F401 (fixtures)


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def view_labels(path):
    html = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1))
    return {n["label"] for n in data["nodes"]}, data


def test_viz_writes_a_page(built, tmp_path, capsys):
    code, out, err = run(capsys, "viz", "--graph", built[1], "-o", tmp_path / "v.html")
    assert code == 0, err
    assert "v.html" in out and "6 nodes, 4 links" in out
    labels, data = view_labels(tmp_path / "v.html")
    assert {"吴明明", "张弘强", "周联清", "甘肃省总工会", "福建省总工会", "甘肃省委"} == labels
    assert data["physics"] is True


def test_viz_filters(built, tmp_path, capsys):
    out = tmp_path / "v.html"
    code, stdout, err = run(capsys, "viz", "-g", built[1], "-o", out, "--org", "省总工会")  # an alias
    assert code == 0, err
    assert view_labels(out)[0] == {"甘肃省总工会", "吴明明", "张弘强"}
    assert "(of 6 nodes)" in stdout
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--person", "吴明明", "--depth", "1")
    assert code == 0, err
    assert view_labels(out)[0] == {"吴明明", "甘肃省总工会", "甘肃省委"}
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--min-degree", "2")
    assert code == 0, err
    assert view_labels(out)[0] == {"吴明明", "甘肃省总工会"}
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--include", "meetings,co-attendance",
                       "--size", "betweenness", "--title", "<i>测试</i>", "--min-shared", "1")
    assert code == 0, err
    labels, data = view_labels(out)
    assert {"十二届九次全委(扩大)会议", "干部大会"} <= labels
    assert {r["kind"] for e in data["edges"] for r in e["roles"]} == \
        {"membership", "participation", "organizer", "co-attendance"}
    assert "<title>&lt;i&gt;测试&lt;/i&gt;</title>" in out.read_text(encoding="utf-8")
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--physics", "off")
    assert code == 0 and view_labels(out)[1]["physics"] is False


def test_viz_dates(tmp_path, capsys, fake_extractor):
    texts = {"d1": "新闻\n2019年5月1日 甘肃省总工会主席吴明明讲话。\n", "d2": "新闻\n2022年3月4日 甘肃省总工会副主席张弘强讲话。\n"}
    from ..factories import GANSU, Script
    fake_extractor.scripts = {"d1": Script(memberships=[("吴明明", "主席", GANSU)]),
                              "d2": Script(memberships=[("张弘强", "副主席", GANSU)])}
    write_reports(tmp_path / "in", texts)
    dates = {r.id: r.published for r in build([tmp_path / "in"], tmp_path / "out").reports}
    if None in dates.values():
        pytest.skip(f"publication dates not found in the sample texts: {dates}")
    out = tmp_path / "v.html"
    code, _, err = run(capsys, "viz", "-g", tmp_path / "out", "-o", out, "--since", "2020")
    assert code == 0, err
    assert view_labels(out)[0] == {"甘肃省总工会", "张弘强"}
    code, _, err = run(capsys, "viz", "-g", tmp_path / "out", "-o", out, "--until", "2019-12")
    assert code == 0, err
    assert view_labels(out)[0] == {"甘肃省总工会", "吴明明"}


def test_viz_errors(built, tmp_path, capsys):
    out = tmp_path / "v.html"
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--org", "无此组织")
    assert code == 1 and "no organisation named '无此组织'" in err
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--since", "May")
    assert code == 2 and "bad date" in err
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--include", "tasks")
    assert code == 2 and "unknown --include" in err
    code, _, err = run(capsys, "viz", "-g", tmp_path / "nothing", "-o", out)
    assert code == 1 and "no graph" in err
    assert not out.exists()
    with pytest.raises(SystemExit):
        run(capsys, "viz", "-g", built[1])  # -o is required


def test_build_writes_the_leadership_view(built):
    page = built[1] / "leadership.html"
    assert page.is_file()
    labels, data = view_labels(page)
    assert "吴明明" in labels and "甘肃省总工会" in labels
    summary = json.loads((built[1] / "build-report.json").read_text(encoding="utf-8"))["summary"]
    assert summary["warnings"] == [] and "view" in summary["timings"]


def test_a_failing_view_does_not_lose_the_build(tmp_path, fake_extractor, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("view exploded")

    monkeypatch.setattr(kg.views, "render", broken)
    write_reports(tmp_path / "in")
    code, out, err = run(capsys, "build", tmp_path / "in", "-o", tmp_path / "out")
    assert code == 0, err
    assert "warning: leadership.html not written: RuntimeError: view exploded" in out
    assert (tmp_path / "out" / "graph.trig").is_file() and (tmp_path / "out" / "store").is_dir()
    assert not (tmp_path / "out" / "leadership.html").exists()
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report["summary"]["warnings"] == ["leadership.html not written: RuntimeError: view exploded"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".kg-build.json", "build-report.json", "facts", "graph.trig",
                                                                   "store"]
    assert "kg.views" in sys.modules


def test_viz_never_writes_over_the_graph(built, capsys):
    out_dir = built[1]
    before = {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()}
    for target in (out_dir / "graph.trig", out_dir / "build-report.json", out_dir / "store" / "x.html"):
        code, _, err = run(capsys, "viz", "--graph", out_dir, "-o", target)
        assert code == 2 and "only `kg build` writes there" in err
    assert {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()} == before


def test_big_builds_write_no_view_and_say_so(tmp_path, fake_extractor, monkeypatch, capsys):
    import kg.build

    monkeypatch.setattr(kg.build, "VIEW_MAX_REPORTS", 2)  # the sample has 3 reports
    write_reports(tmp_path / "in")
    code, out, err = run(capsys, "build", tmp_path / "in", "-o", tmp_path / "out")
    assert code == 0, err
    assert not (tmp_path / "out" / "leadership.html").exists()
    assert "leadership.html not written: 3 reports (more than 2); make focused views with `kg viz" in out
def test_viz_says_which_co_attendance_pairs_it_left_out(built, tmp_path, capsys):
    out = tmp_path / "co.html"
    code, stdout, err = run(capsys, "viz", "-g", built[1], "-o", out, "--include", "co-attendance")
    assert code == 0, err
    _, data = view_labels(out)
    assert not [r for e in data["edges"] for r in e["roles"] if r["kind"] == "co-attendance"]
    [notice] = data["notices"]
    assert "0 pairs sharing at least 2 meetings shown" in notice and "1 pair sharing fewer left out" in notice
    assert notice in stdout and notice in out.read_text(encoding="utf-8")
    code, stdout, err = run(capsys, "viz", "-g", built[1], "-o", out, "--include", "co-attendance",
                            "--min-shared", "1")
    assert code == 0 and "1 pair sharing at least 1 meeting shown" in stdout and "left out" not in stdout
    code, _, err = run(capsys, "viz", "-g", built[1], "-o", out, "--include", "co-attendance", "--min-shared", "0")
    assert code == 2 and "min-shared must be 1 or more" in err
