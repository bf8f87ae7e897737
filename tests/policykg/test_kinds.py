"""The kinds' table agrees with the ontology, and every layer reads its kinds from it."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal

from graph.vocab import expand
from policykg.kinds import BY_KIND, KINDS, EntityKind, expand_kinds, sparql_values
from queries.library import named_queries

ONTOLOGY = Path(__file__).resolve().parents[2] / "graph" / "ontology.ttl"


def test_every_entity_kind_has_one_row_with_its_own_names() -> None:
    assert [k.kind for k in KINDS] == list(EntityKind)
    assert set(BY_KIND) == set(EntityKind)
    assert len({k.iri_segment for k in KINDS}) == len({k.rdf_class for k in KINDS}) == len(KINDS)
    assert len({k.colour for k in KINDS}) == len({k.node_colour for k in KINDS}) == len(KINDS)


def test_each_kind_is_declared_in_the_ontology_with_the_tables_labels() -> None:
    ontology = Graph().parse(ONTOLOGY)
    for k in KINDS:
        cls = expand(k.rdf_class)
        assert (cls, RDF.type, OWL.Class) in ontology, k.rdf_class
        assert set(ontology.objects(cls, RDFS.label)) == {
            Literal(k.label_zh, lang="zh"),
            Literal(k.label_en, lang="en"),
        }
        link = expand(k.goal_link)
        assert (link, RDF.type, OWL.ObjectProperty) in ontology, k.goal_link
        assert (link, RDFS.range, cls) in ontology, k.goal_link


def test_queries_that_list_the_kinds_get_them_from_the_table() -> None:
    for query in named_queries().values():
        assert "{{" not in query.text, query.name
    mentions = named_queries()["goal_mentions"].text
    assert sparql_values("?class", "?kind") in mentions
    assert all(f'"{k.name}"' in mentions for k in KINDS)
    assert expand_kinds("{{kinds ?c}}") == "VALUES ?c { " + " ".join(k.rdf_class for k in KINDS) + " }"


def test_the_apps_labels_colours_and_icons_come_from_the_table() -> None:
    from ui import browse, common, data, graphview, text

    for k in KINDS:
        assert data.KIND_LABELS[k.name] == f"{k.label_zh} {k.label_en.capitalize()}"
        assert text.COLOURS[k.name] == browse._LEGEND[k.name] == k.colour
        assert graphview.COLOURS[k.node_type] == k.node_colour
        assert common.ICONS[k.name] == k.icon
    names = tuple(k.name for k in KINDS)
    assert names == data.KINDS
    assert browse.VIEWS[: len(names)] == names


def test_the_graph_types_and_names_entities_by_the_table(seed_store: str) -> None:
    from graph.store import open_store
    from policykg.corpus import Corpus
    from queries.network import to_networkx

    store = open_store(Path(seed_store) / "graph")
    net = to_networkx(store)
    counts: dict[str, int] = {}
    for k in KINDS:
        result = store.query(f"SELECT DISTINCT ?e WHERE {{ ?e a {k.rdf_class} }}")
        entities = {str(row[0]) for row in result.rows}  # type: ignore[union-attr]
        assert all(f"/id/{k.iri_segment}/" in e for e in entities), k.name
        mentioned = {n for n, attrs in net.nodes(data=True) if attrs["kind"] == k.node_type and "/goal/" not in n}
        mentioned = {n for n in mentioned if any(net.nodes[g]["kind"] == "goal" for g in net.predecessors(n))}
        assert mentioned <= entities, k.name
        counts[k.plural_en] = len(entities)
    store.close()
    with Corpus.open(seed_store) as corpus:
        stats = corpus.stats()
    assert {name: stats[name] for name in counts} == counts
    assert counts[BY_KIND[EntityKind.INSTITUTION].plural_en] > 0
