"""A networkx projection of the graph: institutions, goals, programmes and places as nodes.

Edges: goal–entity for every mention (weight = number of mentions), and
sub-organisation → parent. Node attributes: ``kind`` and ``label``; goals also ``document``
and ``number``.
"""

from __future__ import annotations

import io

import networkx as nx

from graph.results import SelectResult
from graph.store import GraphStore
from policykg.kinds import BY_KIND, EntityKind, expand_kinds

_EDGES = expand_kinds("""
SELECT ?goal ?number ?title ?document ?entity ?kind ?label WHERE {
  ?m pkg:inGoal ?goal ; pkg:denotes ?entity .
  ?goal pkg:number ?number ; dcterms:title ?title ; dcterms:isPartOf/dcterms:identifier ?document .
  ?entity a ?class ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "zh")
  {{kinds ?class ?kind}}
}""")
_PARENTS = """
SELECT ?child ?parent ?label WHERE {
  ?child org:subOrganizationOf ?parent .
  OPTIONAL { ?parent skos:prefLabel ?label FILTER(LANG(?label) = "zh") }
}"""


def to_networkx(store: GraphStore) -> nx.Graph:
    graph = nx.Graph()
    edges = store.query(_EDGES)
    assert isinstance(edges, SelectResult)
    for row in edges.records():
        goal, entity = str(row["goal"]), str(row["entity"])
        graph.add_node(
            goal,
            kind="goal",
            label=f"{row['document']} #{row['number']} {row['title']}",
            document=str(row["document"]),
            number=int(str(row["number"])),
        )
        graph.add_node(entity, kind=str(row["kind"]), label=str(row["label"]))
        weight = graph.edges[goal, entity]["weight"] + 1 if graph.has_edge(goal, entity) else 1
        graph.add_edge(goal, entity, weight=weight, relation="mentions")
    parents = store.query(_PARENTS)
    assert isinstance(parents, SelectResult)
    for row in parents.records():
        child, parent = str(row["child"]), str(row["parent"])
        if parent not in graph:
            graph.add_node(parent, kind=BY_KIND[EntityKind.INSTITUTION].node_type, label=str(row["label"] or parent))
        if child not in graph:
            continue
        graph.add_edge(child, parent, weight=1, relation="subOrganizationOf")
    return graph


def to_graphml(store: GraphStore) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(store), buffer, encoding="utf-8")
    return buffer.getvalue()


def to_gexf(store: GraphStore) -> bytes:
    """GEXF 1.2 for Gephi: the same nodes, edges and attributes as GraphML."""
    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(store), buffer, encoding="utf-8")
    return buffer.getvalue()
