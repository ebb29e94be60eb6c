"""kg.shards: fact records as JSON lines, compact facts for the identity pass, TriG blocks."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import _assign_ids, process
from kg.ingest import find_reports
from kg.rdf import ReportPeople, report_quads, resolve_people
from kg.rdf.namespaces import TRIG_PREFIXES
from kg.shards import dumps_report, identity_facts, loads_report, record_of, split_people, trig_block, trig_header

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
    graphs = [report_quads(r, people) for r in seeds]
    whole = ox.serialize(ox.parse("".join(line for g in graphs for line in g).encode(), format=ox.RdfFormat.N_QUADS),
                         None, ox.RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
    assert trig_header() + b"".join(trig_block(g) for g in graphs) == whole
