"""kg.ingest.html: visible text of a page."""
from kg.ingest.html import flat_text, html_to_text

RUBY = ("<html><body><p>省總<ruby>工<rt>gōng</rt></ruby><ruby>會<rp>(</rp><rt>huì</rt><rp>)</rp></ruby>"
        "召開</p></body></html>")


def test_ruby_readings_are_not_text():
    assert html_to_text(RUBY)[0] == "省總工會召開"


def test_ruby_readings_are_not_text_in_a_page_read_flat():
    assert flat_text(RUBY)[0] == "省總工會召開"
