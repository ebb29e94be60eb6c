import csv
import io
import subprocess
import sys

import pytest

from kg.cli import main

from .factories import write_reports
from .fixtures import built, fake_extractor  # noqa: F401 (fixtures)

HEADERS = {
    "memberships": "doc,person,role,org",
    "meetings": "doc,meeting,org,name,date",
    "tasks": "doc,meeting,task",
    "participations": "doc,person,kind,meeting",
    "people": "doc,name,person",
}


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_a_summary(tmp_path, fake_extractor, capsys):
    write_reports(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "build", tmp_path / "in", "-o", tmp_path / "out")
    assert code == 0, err
    assert "reports: 3 read (3 ok, 0 duplicates), 1 failed" in out
    assert "5 memberships, 3 meetings, 2 tasks, 5 participations" in out
    assert "chars/s" in out and "graph.trig" in out
    assert "empty.txt: empty file" in out


def test_build_strict_and_nothing_readable(tmp_path, fake_extractor, capsys):
    write_reports(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "build", tmp_path / "in", "-o", tmp_path / "out", "--strict")
    assert code == 1 and "strict" in err and "empty.txt" in out
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.txt").write_bytes(b"")
    code, _, err = run(capsys, "build", tmp_path / "bad", "-o", tmp_path / "out")
    assert code == 1 and "no report could be read" in err
    code, out, err = run(capsys, "build", tmp_path / "missing", "-o", tmp_path / "out")
    assert code == 1 and "no report files" in err and "missing: no such file or folder" in out


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_contract_queries_have_exact_csv_headers(built, capsys, name):
    code, out, err = run(capsys, "query", name, "--graph", built[1], "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == HEADERS[name]
    assert len(lines) > 1


def test_query_csv_rows(built, capsys):
    _, out, _ = run(capsys, "query", "memberships", "--graph", built[1], "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0] == {"doc": "r1", "person": "吴明明", "role": "主席", "org": "甘肃省总工会"}


def test_query_with_param_and_json(built, capsys):
    code, out, err = run(capsys, "query", "org-leaders", "-g", built[1], "--param", "org=甘肃省总工会", "-f", "json")
    assert code == 0, err
    assert '"person": "吴明明"' in out
    code, _, err = run(capsys, "query", "org-leaders", "-g", built[1])
    assert code == 1 and "--param org=" in err
    code, _, err = run(capsys, "query", "org-leaders", "-g", built[1], "--param", "org")
    assert code == 2 and "KEY=VALUE" in err


def test_malformed_query_gives_a_clear_message(built, capsys):
    code, out, err = run(capsys, "query", "SELECT ?x WHERE { ?x ?y }", "--graph", built[1])
    assert code == 1 and out == ""
    assert err.startswith("kg: malformed SPARQL") and "Traceback" not in err


def test_malformed_query_in_a_subprocess(built):
    proc = subprocess.run([sys.executable, "-m", "kg", "query", "SELECT ?x WHERE { ?x ?y }", "--graph", str(built[1])],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "malformed SPARQL" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_graph(tmp_path, capsys):
    code, _, err = run(capsys, "stats", "--graph", tmp_path / "nothing")
    assert code == 1 and "kg build" in err


def test_queries_lists_named_queries(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert {"memberships", "meetings", "tasks", "participations", "org-leaders", "person-career",
            "org-meetings", "co-attendance"} <= set(names)
    assert "--param org=" in out


def test_stats(built, capsys):
    code, out, _ = run(capsys, "stats", "--graph", built[1])
    assert code == 0
    stats = dict(line.split() for line in out.splitlines())
    assert stats["reports"] == "3" and stats["memberships"] == "4" and int(stats["triples"].replace(",", "")) > 100


def test_validate_conforms(built, capsys):
    code, out, _ = run(capsys, "validate", "--graph", built[1])
    assert code == 0
    assert out.startswith("conforms: yes")


def test_validate_reports_violations(tmp_path, fake_extractor, capsys):
    from .factories import GANSU, Script

    write_reports(tmp_path / "in", {"r1": "甘肃省总工会召开会议。"})
    fake_extractor.scripts["r1"] = Script(meetings=[("m1", GANSU, "", None, True)],
                                          participations=[("吴明明", "chatted", "m1")])
    assert run(capsys, "build", tmp_path / "in", "-o", tmp_path / "out")[0] == 0
    code, out, _ = run(capsys, "validate", "--graph", tmp_path / "out")
    assert code == 1
    assert out.startswith("conforms: no")
    assert "schema:name" in out and "kg:kind" in out


def test_viz_writes_a_view(built, tmp_path, capsys):  # more in tests/views/
    code, out, err = run(capsys, "viz", "--graph", built[1], "-o", tmp_path / "v.html")
    assert code == 0 and "v.html" in out and (tmp_path / "v.html").is_file(), err


def test_no_command_prints_help(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "build" in err


def test_version(capsys):
    import kg

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"kg (gonghui-kg) {kg.__version__}"


@pytest.mark.parametrize("command", ["build", "query", "queries", "validate", "stats", "viz"])
def test_every_command_help_shows_an_example(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "example" in out and f"kg {command}" in out.split("example", 1)[1]


def test_help_shows_defaults_and_choices(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    out = capsys.readouterr().out
    assert "(default: table)" in out and "a named query" in out
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert ".htm" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["viz", "--help"])
    from kg.views.network import INCLUDES

    assert " and/or ".join(INCLUDES) in capsys.readouterr().out


def test_viz_include_refuses_unknown_words(built, capsys, tmp_path):
    code, out, err = run(capsys, "viz", "--graph", built[1], "-o", tmp_path / "v.html", "--include", "meetings,people")
    assert code == 2 and "unknown --include people: choose from meetings, co-attendance" in err
