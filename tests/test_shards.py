"""kg.shards: fact records and slim records as JSON lines, compact facts for the identity pass, TriG blocks."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import _assign_ids, process
from kg.ingest import find_reports
from kg.rdf import ReportPeople, report_quads, report_triples, resolve_people
from kg.rdf.identity import Interner
from kg.rdf.namespaces import TRIG_PREFIXES
from kg.report import ERROR
from kg.shards import (dumps_report, dumps_slim, identity_facts, loads_report, loads_slim, record_of, split_people,
                       trig_block, trig_header)

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seeds():
    return [process(item) for item in _assign_ids(find_reports([SEEDS]).paths)]


def test_a_record_reads_back_as_it_was_written(seeds):
    for report in seeds:
        line = dumps_report(report)
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert loads_report(line) == report


@pytest.mark.parametrize("line", [b"", b"not json\n", b'{"report": {}}\n', b'{"report": {"id": "a", "path": "p"}}\n',
                                  b'{"report": {"id": "a", "path": "p", "evil": 1}, "q": []}\n',
                                  b'["__import__(\'os\')"]\n'])
def test_what_is_not_a_record_is_refused(line):
    with pytest.raises(ValueError, match="not a fact record"):
        loads_report(line)


def test_the_record_without_facts_keeps_their_counts(seeds):
    record = record_of(seeds[0])
    assert record.facts is None and record.counts() == seeds[0].counts() and record.to_json() == seeds[0].to_json()


def test_identity_over_the_compact_facts_is_identity_over_the_facts(seeds):
    full = resolve_people(ReportPeople(r.id, r.region, r.facts, r.published) for r in seeds)
    compact = resolve_people(ReportPeople(r.id, r.region, identity_facts(r.facts), r.published) for r in seeds)
    assert dict(compact) == dict(full) and compact.labels == full.labels
    assert compact.successions == full.successions and compact.meetings == full.meetings
    assert compact.mentioned == full.mentioned
    parts = split_people(full, [r.id for r in seeds])
    for r in seeds:  # each report's graph is the same from its part of the identity pass
        assert report_quads(r, parts[r.id]) == report_quads(r, full)


def test_the_blocks_after_the_header_are_the_trig_of_all_graphs(seeds):
    people = resolve_people(ReportPeople(r.id, r.region, r.facts, r.published) for r in seeds)
    graphs = [report_triples(r, people) for r in seeds]
    lines = [line for r in seeds for line in report_quads(r, people)]
    whole = ox.serialize(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS),
                         None, ox.RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
    assert trig_header() + b"".join(trig_block(*g) for g in graphs) == whole


def test_a_slim_record_reads_back_as_the_record_and_the_identity_facts(seeds):
    for report in seeds:
        line = dumps_slim(report)
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        record, facts = loads_slim(line)
        assert record == record_of(report) and record.counts() == report.counts()
        assert facts == identity_facts(report.facts)


def test_the_slim_record_of_a_failed_report_has_no_identity_facts(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    report = process((tmp_path / "empty.txt", "empty", ""))
    assert report.status == ERROR
    record, facts = loads_slim(dumps_slim(report))
    assert facts is None and record == record_of(report) and record.error == report.error


def test_slim_records_share_their_strings_and_organisations(seeds):
    interner = Interner()
    facts = [loads_slim(dumps_slim(r), interner)[1] for r in seeds]
    orgs = {}
    for f in facts:
        for m in f.memberships:
            assert orgs.setdefault(m.org, m.org) is m.org  # one object per organisation
    assert orgs
    records = [loads_slim(dumps_slim(r), interner)[0] for r in seeds + seeds]
    regions = {}
    for r in records:
        assert regions.setdefault(r.region, r.region) is r.region
    assert len(regions) < len(records)


@pytest.mark.parametrize("line", [b"", b"not json\n", b'{"report": {"id": "a", "path": "p"}, "q": []}\n',
                                  b'{"report": {"id": "a", "path": "p"}, "counts": null, "q": [],'
                                  b' "identity": {"d": "a", "m": [[1, 2, 3, 4, null, "", null, "", ""]],'
                                  b' "t": [], "p": [], "n": []}}\n',
                                  b'{"report": {"id": "a", "path": "p"}, "counts": null, "q": [1],'
                                  b' "identity": {"d": "a", "m": [], "t": [], "p": [], "n": [["x", "a", 0, 1, 0]]}}\n',
                                  b'{"report": {"id": "a", "path": "p", "evil": 1}, "counts": null, "q": []}\n'])
def test_what_is_not_a_slim_record_is_refused(line):
    with pytest.raises(ValueError, match="not a slim record"):
        loads_slim(line)
