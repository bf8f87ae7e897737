"""The neighbourhood of one node, drawn offline (streamlit-agraph bundles vis-network).

Node labels are drawn on a canvas, never parsed as HTML; tooltips are fixed kind names.
"""

from __future__ import annotations

import networkx as nx

from policykg.kinds import KINDS
from ui.data import KIND_LABELS

COLOURS = {k.node_type: k.node_colour for k in KINDS} | {"goal": "#f58518"}
MAX_NODES = 40


def neighbourhood(graph: nx.Graph, center: str, hops: int = 1, cap: int = MAX_NODES) -> nx.Graph:
    """The nodes within ``hops`` of ``center``, nearest and heaviest-linked first, at most ``cap``."""
    if center not in graph:
        return nx.Graph()
    distances = nx.single_source_shortest_path_length(graph, center, cutoff=hops)

    def closeness(node: str) -> tuple[int, int, str]:
        return (distances[node], -graph.degree(node, weight="weight"), str(graph.nodes[node].get("label", node)))

    kept = sorted(distances, key=closeness)[:cap]
    return graph.subgraph(kept).copy()


def short_label(graph: nx.Graph, node: str) -> str:
    attrs = graph.nodes[node]
    if attrs.get("kind") == "goal":
        return f"目标 {attrs.get('number')}"
    label = str(attrs.get("label", node))
    return label if len(label) <= 14 else label[:13] + "…"


def draw(graph: nx.Graph, center: str, key_height: int = 460) -> str | None:
    """Draw the graph; the id of the node the user clicked, if any."""
    from streamlit_agraph import Config, Edge, Node, agraph

    nodes = [
        Node(
            id=node,
            label=short_label(graph, node),
            title=KIND_LABELS.get(str(graph.nodes[node].get("kind")), ""),
            color=COLOURS.get(str(graph.nodes[node].get("kind")), "#999999"),
            size=22 if node == center else 14,
            shape="star" if node == center else "dot",
            font={"size": 13},
        )
        for node in graph.nodes
    ]
    edges = [
        Edge(source=a, target=b, color="#bbbbbb", width=1 + min(int(d.get("weight", 1)), 4) / 2)
        for a, b, d in graph.edges(data=True)
    ]
    config = Config(width="100%", height=key_height, directed=False, physics=True, hierarchical=False)
    config.height = f"{key_height}px"
    config.width = "100%"
    clicked = agraph(nodes=nodes, edges=edges, config=config)
    return str(clicked) if clicked else None
