"""A networkx projection of the graph: institutions, goals, programmes and places as nodes.

Edges: goal–entity for every mention (weight = number of mentions), and
sub-organisation → parent. Node attributes: ``kind`` and ``label``; goals also ``document``
and ``number``.

It reads the graph through the query library, so it lives in ``queries`` (``graph`` imports
nothing above itself).
"""

from __future__ import annotations

import io

import networkx as nx

from graph.store import GraphStore
from policykg.kinds import BY_KIND, EntityKind
from queries.library import select


def to_networkx(store: GraphStore) -> nx.Graph:
    graph = nx.Graph()
    for row in select(store, "goal_entity_mentions").records():
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
    for row in select(store, "sub_organisations").records():
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
