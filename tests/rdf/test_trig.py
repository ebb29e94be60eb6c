"""kg.rdf.trig: the TriG written directly from N-Quads terms is, byte for byte, what
Oxigraph's serializer writes for the same quads (the writer it replaces), hostile strings
and IRIs included; what is not a term is refused."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings, strategies as st

from kg.rdf import iris, trig
from kg.rdf.namespaces import DCTERMS, ID, KG, RDF, SCHEMA, TRIG_PREFIXES, XSD
from kg.rdf.terms import boolean, integer, iri, literal, typed

G = iri(ID + "graph/a")


def oxigraph_block(graph: str, triples) -> bytes:
    """What the build wrote before: the N-Quads parsed and serialised again by Oxigraph."""
    data = "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in triples).encode("utf-8", "replace")
    text = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_QUADS), None, ox.RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
    i = 0
    while text.startswith(b"@prefix ", i):
        i = text.index(b"\n", i) + 1
    return text[i:]


HOSTILE = [
    "", " ", '"', '""', "\\", "\\\\", '\\"', "a\\nb", "\n", "\r\n", "\t", "\b", "\f", "\x00", "\x01\x1f", "\x7f",
    "\u0085", "\u2028\u2029", "\ufeff", "\ufffe", "\uffff", "\ufffd", "😀", "𠀀𪚥", "a\ud83d", "\udc00b", "\ud83d\ude00",
    "'''", '"""', "@prefix x: <y> .", "} {", "<http://x/>", "_:b", "\\u0041", "\\U0001F600", "甘肃省总工会 · 主席",
    "x ;\n\t\tkg:y \"z\" .", "\u200b\u200c\u200d", "\u0301e",
]

LOCALS = ["", "a", "a.b", "a.", ".a", "-a", "_a", "1a", "a-1", "a~b", "a/b", "a#b", "a%20b", "a?b=c&d",
          "(a)", "a,b;c", "a!$'*+@", "a:b", ":a", "é", "·a", "a·", "甘肃", "𠀀", "a\u0300", "\u0300a",
          "a\u203fb", "\u00d7", "a\u037eb", "a..b", "a_", "a.b.", "~"]


def valid(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def iri_terms() -> list[str]:
    out = [iri(ns + local) for ns in (KG, SCHEMA, DCTERMS, XSD, RDF) for local in LOCALS if valid(ns + local)]
    out += [iri(ID + "org/" + iris.segment(text)) for text in HOSTILE]  # minted: written in full
    out += [iri("http://example.org/x"), iri(KG[:-1]), iri("urn:x:y"), iri("https://w3id.org/gonghui-kg/nsx")]
    return out


def literal_terms() -> list[str]:
    out = [literal(text) for text in HOSTILE]
    out += [integer(n) for n in (0, 1, -1, 10**30)]
    out += [boolean(True), boolean(False)]
    for lexical, datatype in [("+1", "integer"), ("-0", "integer"), ("01", "integer"), ("1.5", "integer"),
                              ("", "integer"), ("x", "integer"), ("١", "integer"), ("true", "boolean"),
                              ("TRUE", "boolean"), ("1", "boolean"), ("+true", "boolean"), ("1.5", "decimal"),
                              (".5", "decimal"), ("5.", "decimal"), ("-.5", "decimal"), ("5", "decimal"),
                              ("1e5", "double"), ("1.e5", "double"), (".5E-1", "double"), (".e1", "double"),
                              ("1e", "double"), ("INF", "double"), ("1.5", "double"), ("2013", "gYear"),
                              ("2013-02", "gYearMonth"), ("2013-02-05", "date"), ("x", "string")]:
        out.append(typed(lexical, datatype))
    out += ['"x"^^<http://example.org/type>', f'"x"^^<{KG}my.type>', '"x"@en', '"x"@EN-gb', '"\\u00e9\\t"',
            '"\\U0001F600"', '"a\\\'b"', '"tab\there"', f'"5"^^<{XSD}integer>']
    return out


PREDICATES = [iri(RDF + "type"), iri(KG + "quote"), iri(SCHEMA + "name"), iri("http://example.org/p"),
              iri(KG + "a.b"), iri(RDF + "value")]


def test_every_hostile_term_is_written_as_oxigraph_writes_it():
    subjects = iri_terms()
    objects = subjects + literal_terms()
    triples = [(s, PREDICATES[i % len(PREDICATES)], o) for i, s in enumerate(subjects) for o in objects[i::7]]
    triples += [(subjects[0], p, o) for p in PREDICATES for o in objects]  # every object after every predicate
    assert trig.block(G, triples) == oxigraph_block(G, triples)
    for o in objects:  # and each alone
        assert trig.block(G, [(subjects[1], PREDICATES[1], o)]) == oxigraph_block(G, [(subjects[1], PREDICATES[1], o)])


def test_triples_continue_their_subject_and_predicate_as_oxigraph_groups_them():
    s, t = iri(ID + "s"), iri(ID + "t")
    a, p, q = PREDICATES[0], PREDICATES[1], PREDICATES[2]
    triples = [(s, a, iri(KG + "X")), (s, p, literal("1")), (s, p, literal("2")), (s, q, literal("3")),
               (t, a, iri(KG + "Y")), (s, a, iri(KG + "Z")), (s, p, literal("4")), (s, a, iri(KG + "W"))]
    block = trig.block(G, triples)
    assert block == oxigraph_block(G, triples)
    assert b' , "2" ;\n\t\tschema:name "3" .\n\t<' in block


def test_no_triples_no_block():
    assert trig.block(G, []) == b"" == oxigraph_block(G, [])


def test_the_graph_name_is_written_as_a_term_too():
    triples = [(iri(ID + "s"), PREDICATES[1], literal("x"))]
    for graph in (iri(KG + "g"), iri(KG + "g."), iri("urn:x:g")):
        assert trig.block(graph, triples) == oxigraph_block(graph, triples)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(HOSTILE)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(PREDICATES),
                          TEXT.map(literal) | TEXT.map(lambda t: iri(ID + "x/" + iris.segment(t)))
                          | st.sampled_from(literal_terms() + iri_terms())), max_size=25))
def test_any_graph_is_written_as_oxigraph_writes_it(picks):
    subjects = [iri(ID + "s"), iri(ID + "t"), iri(KG + "u"), iri(ID + "s/%20")]
    triples = list(dict.fromkeys((subjects[i], p, o) for i, p, o in picks))
    assert trig.block(G, triples) == oxigraph_block(G, triples)


@pytest.mark.parametrize("term", ["<not an iri>", "<http://x/{x}>", "<http://x/%zz>", "<http://x/\\u0041>", "<rel>",
                                  '"unterminated', '"a"b"', '"bad \\q escape"', '"\\ud800"', '"raw\nnewline"',
                                  '"x"^^<bad iri>', '"x"^^xsd:date', typed('a"b', "date"), '"x"@', '"x"@en us', "_:b", "plain", ""])
def test_what_is_not_a_term_is_refused(term):
    with pytest.raises(ValueError):
        trig.block(G, [(iri(ID + "s"), PREDICATES[1], term)])
    with pytest.raises(ValueError):
        trig.turtle(term)


def test_an_invalid_graph_or_subject_is_refused():
    with pytest.raises(ValueError):
        trig.block("<a b>", [(iri(ID + "s"), PREDICATES[1], literal("x"))])
    with pytest.raises(ValueError):
        trig.block(G, [("<a b>", PREDICATES[1], literal("x"))])


def test_the_cache_of_terms_starts_again_when_full(monkeypatch):
    monkeypatch.setattr(trig, "CACHE_SIZE", 3)
    triples = [(iri(ID + f"s{i}"), PREDICATES[1], literal(str(i))) for i in range(10)]
    assert trig.block(G, triples) == oxigraph_block(G, triples)
    assert len(trig._CACHE) <= 3
