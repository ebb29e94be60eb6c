"""kg.extract.orgs: a zone's body written in short takes the zone's full name."""
from kg.extract.context import Context
from kg.extract.orgs import resolve


def test_zone_body_written_in_short_is_named_in_full():
    org = resolve("苏州高新区总工会", Context())
    assert org.name == "苏州高新技术产业开发区总工会"
    assert "苏州高新区总工会" in org.aliases
