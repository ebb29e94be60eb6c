"""kg.serve.pages: URLs from IRIs and back, the highlighted report text, query binding."""
import re
from html.parser import HTMLParser

import pyoxigraph as ox
from hypothesis import given, strategies as st

from kg.rdf import iris
from kg.serve.pages import bind, highlighted, iri_from_path, page_path


@given(st.text(min_size=0, max_size=30), st.text(min_size=0, max_size=30))
def test_page_paths_lead_back_to_their_iris(org, name):
    iri = iris.person_iri(name, org)
    path = page_path(iri)
    assert path.isascii() and path.startswith("/person/")
    assert iri_from_path(path) == iri
    # a browser may send the readable (decoded) form; it names the same node
    from urllib.parse import unquote
    assert iri_from_path("/".join(unquote(s) if "%2F" not in s.upper() else s for s in path.split("/"))) == iri


def test_a_slash_in_a_name_stays_inside_its_segment():
    iri = iris.org_iri("甲/乙")
    assert iri.endswith("org/甲%2F乙")
    assert iri_from_path(page_path(iri)) == iri


class _Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.marks, self.anchors, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark":
            self._in = a["data-ev"].split()
        if tag == "a":
            self.anchors.append((a["id"], len("".join(self.text))))

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in = None

    def handle_data(self, data):
        start = len("".join(self.text))
        self.text.append(data)
        if self._in:
            self.marks.append((start, start + len(data), self._in))


def test_highlighted_marks_overlapping_spans_by_original_offsets():
    text = "甲乙丙<b>丁</b>戊己"
    spans = [(1, 4), (2, 9), (10, 12)]
    p = _Marks()
    p.feed(highlighted(text, spans))
    assert "".join(p.text) == text  # markup in the text is text
    assert dict(p.anchors) == {"ev-1-4": 1, "ev-2-9": 2, "ev-10-12": 10}
    for s, t in spans:
        covered = "".join(text[a:b] for a, b, evs in p.marks if f"{s}-{t}" in evs)
        assert covered == text[s:t]


def test_highlighted_ignores_spans_outside_the_text():
    assert highlighted("abc", [(5, 9), (2, 1)]) == "abc"


def test_bind_writes_terms_as_the_engine_does():
    text = bind("SELECT * WHERE { $node ?p $q . VALUES ?n { $nodes } } # $other", node=ox.NamedNode("http://e/a"),
                q=ox.Literal('say "hi"\n'), nodes=[ox.NamedNode("http://e/1"), ox.NamedNode("http://e/2")])
    assert text == 'SELECT * WHERE { <http://e/a> ?p "say \\"hi\\"\\n" . VALUES ?n { <http://e/1> <http://e/2> } } # $other'
    assert not re.search(r"\$(node|q|nodes)\b", text)


def test_the_module_examples_hold():
    import doctest

    import kg.serve.engine
    import kg.serve.pages

    for module in (kg.serve.engine, kg.serve.pages):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__
