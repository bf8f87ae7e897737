"""The HTML page of a dereferenced IRI: its description as a table, for people with a browser.

Every value is escaped (document text included: it is shown as text, never as markup); links go
to the linked resources' own pages (``queries.describe.public_path``) or, for IRIs outside the
graph (Wikidata, vocabularies), to the IRI itself when it is http(s). Long literals are cut for
the page; the RDF formats carry them whole.
"""

from __future__ import annotations

import html

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.vocab import PREFIXES
from queries.describe import public_path

LITERAL_CHARS = 2_000  # a document's full text runs to many thousands of characters
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
TITLE = "http://purl.org/dc/terms/title"


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _label(graph: Graph, node: Node) -> str | None:
    for predicate in (*LABELS, TITLE):
        names = [o for o in graph.objects(node, URIRef(predicate)) if isinstance(o, Literal)]
        if names:
            return str(sorted(names, key=lambda n: (n.language != "zh", str(n)))[0])
    return None


def _link(iri: str, text: str, public_base: str | None) -> str:
    href = public_path(iri, public_base) or (iri if iri.startswith(("http://", "https://")) else None)
    shown = html.escape(text)
    return f'<a href="{html.escape(href, quote=True)}">{shown}</a>' if href else shown


def _value(graph: Graph, node: Node, public_base: str | None) -> str:
    if isinstance(node, URIRef):
        label = _label(graph, node)
        text = f"{label} ({_short(str(node))})" if label else _short(str(node))
        return _link(str(node), text, public_base)
    if isinstance(node, Literal):
        text = str(node)
        cut = f" … ({len(text):,} characters; the whole value is in the Turtle)" if len(text) > LITERAL_CHARS else ""
        tag = f' <span class="tag">@{html.escape(node.language)}</span>' if node.language else ""
        return f'<span class="text">{html.escape(text[:LITERAL_CHARS])}{html.escape(cut)}</span>{tag}'
    return html.escape(node.n3())


def render(graph: Graph, iri: URIRef, public_base: str | None, note: str | None = None) -> bytes:
    """The page for ``iri``; ``note`` says when a limit cut the description."""
    title = _label(graph, iri) or _short(str(iri))
    rows = []
    for p, o in sorted(graph.predicate_objects(iri), key=lambda po: (_short(str(po[0])), str(po[1]))):
        rows.append(
            f"<tr><th>{_link(str(p), _short(str(p)), public_base)}</th><td>{_value(graph, o, public_base)}</td></tr>"
        )
    warning = f'<p class="note">{html.escape(note)}</p>' if note else ""
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}th{{text-align:left;vertical-align:top;
padding-right:1em;white-space:nowrap}}.text{{white-space:pre-wrap}}.tag,.iri{{color:#666}}</style></head>
<body><h1>{html.escape(title)}</h1><p class="iri">{html.escape(str(iri))}</p>{warning}
<table>
{chr(10).join(rows)}
</table>
<p>Turtle, N-Triples, JSON-LD: ask with <code>Accept</code>; SPARQL at <a href="/sparql">/sparql</a>.</p>
</body></html>
""".encode()
