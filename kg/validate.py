"""SHACL validation of a built graph: the union of ``graph.trig``'s named graphs against
``ontology/shapes.ttl`` (pyshacl), with violations grouped into a readable report."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .rdf import PREFIXES, ontology_file
from .store import TRIG_FILE, GraphNotFoundError, load_dataset


@dataclass
class Violation:
    severity: str
    message: str
    path: str
    focus: list[str] = field(default_factory=list)  # focus nodes (all of them)


@dataclass
class Validation:
    conforms: bool
    triples: int
    violations: list[Violation]

    def report(self, examples: int = 3, limit: int = 30) -> str:
        """Violations grouped by message and path, a few focus nodes each."""
        if self.conforms:
            return f"conforms: yes ({self.triples:,} triples checked against shapes.ttl)"
        total = sum(len(v.focus) for v in self.violations)
        lines = [f"conforms: no — {total} result(s) in {len(self.violations)} group(s)"]
        for v in self.violations[:limit]:
            where = f" [{v.path}]" if v.path else ""
            lines.append(f"- {v.severity}{where}: {v.message} ({len(v.focus)} node(s))")
            lines.extend(f"    {node}" for node in v.focus[:examples])
            if len(v.focus) > examples:
                lines.append(f"    … and {len(v.focus) - examples} more")
        if len(self.violations) > limit:
            lines.append(f"… and {len(self.violations) - limit} more group(s)")
        return "\n".join(lines)


def validate(out: str | Path) -> Validation:
    """Validate the graph built in folder ``out``."""
    import pyshacl
    from rdflib import Graph

    if not (Path(out) / TRIG_FILE).is_file():
        raise GraphNotFoundError(f"no graph in {out}: run `kg build INPUT... -o {out}` first")
    union = Graph()
    for s, p, o, _ in load_dataset(out).quads((None, None, None, None)):
        union.add((s, p, o))
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    conforms, results, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none")
    return Validation(bool(conforms), len(union), [] if conforms else _violations(results))


def _violations(results) -> list[Violation]:
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    for prefix, ns in PREFIXES.items():
        results.bind(prefix, ns)
    groups: dict[tuple[str, str, str], Violation] = {}
    focus: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        message = str(results.value(r, SH.resultMessage) or "constraint not met")
        path = results.value(r, SH.resultPath)
        path = results.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else ""
        key = (severity, message, path)
        groups.setdefault(key, Violation(severity, message, path))
        focus[key].add(str(results.value(r, SH.focusNode)))
    for key, v in groups.items():
        v.focus = sorted(focus[key])
    return sorted(groups.values(), key=lambda v: (-len(v.focus), v.message))
