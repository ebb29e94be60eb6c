"""Everything the package needs ships with it (pyproject lists packages explicitly)."""
import tomllib
from pathlib import Path

from kg.queries import named_queries
from kg.rdf import ontology_file

ROOT = Path(__file__).resolve().parents[1]


def test_every_code_folder_is_a_listed_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("*.py")}
    assert folders <= listed, f"add to [tool.setuptools] packages: {sorted(folders - listed)}"
    assert config["package-dir"]["kg.ontology"] == "ontology"


def test_ontology_and_queries_are_package_data():
    assert ontology_file("gonghui.ttl").is_file()
    assert ontology_file("shapes.ttl").is_file()
    assert {"memberships", "meetings", "tasks", "participations"} <= set(named_queries())
