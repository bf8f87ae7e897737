"""A networkx projection of the graph: institutions, goals, programmes and places as nodes.

A directed graph. Edges: goal → entity for every mention (``kind`` ``mentions``, ``weight`` the
number of mentions) and child → parent for ``org:subOrganizationOf`` (``kind``
``subOrganizationOf``). Every goal is a node, those naming no entity too; every entity node has
the ``kind`` of its own class (a place is a ``place``). Node attributes: ``kind`` and ``label``;
goals also ``document`` and ``number``.

It reads the graph through the query library, so it lives in ``queries`` (``graph`` imports
nothing above itself).
"""

from __future__ import annotations

import io

import networkx as nx

from graph.store import GraphStore
from queries.library import select

MENTIONS, SUB_ORGANIZATION = "mentions", "subOrganizationOf"


def to_networkx(store: GraphStore) -> nx.DiGraph:
    graph = nx.DiGraph()
    for row in select(store, "goals").records():
        graph.add_node(
            str(row["goal"]),
            kind="goal",
            label=f"{row['document']} #{row['number']} {row['title']}",
            document=str(row["document"]),
            number=int(str(row["number"])),
        )
    kinds = {str(r["entity"]): (str(r["kind"]), r["label"]) for r in select(store, "entity_kinds").records()}
    for row in select(store, "goal_entity_mentions").records():
        goal, entity = str(row["goal"]), str(row["entity"])
        graph.add_node(entity, kind=str(row["kind"]), label=str(row["label"]))
        weight = graph.edges[goal, entity]["weight"] + 1 if graph.has_edge(goal, entity) else 1
        graph.add_edge(goal, entity, weight=weight, kind=MENTIONS)
    for row in select(store, "sub_organisations").records():
        child, parent = str(row["child"]), str(row["parent"])
        if child not in graph:
            continue
        if parent not in graph:
            kind, label = kinds.get(parent, ("entity", None))
            graph.add_node(parent, kind=kind, label=str(label or row["label"] or parent))
        graph.add_edge(child, parent, weight=1, kind=SUB_ORGANIZATION)
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
