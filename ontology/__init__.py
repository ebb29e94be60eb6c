"""The gonghui-kg ontology (``gonghui.ttl``) and SHACL shapes (``shapes.ttl``), as package data."""
