"""How an answer cut at a limit says so, in every format.

SPARQL JSON and XML results carry links in their head (``"link": [IRI]``, ``<link href="IRI"/>``,
W3C SPARQL 1.1 Query Results): a cut answer links ``urn:policykg:truncated:rows`` or
``…:bytes``, which clients that know no better ignore. An XLSX workbook gets a second sheet, ``note``,
saying so. CSV and TSV have no place for it: the CLI says it on stderr (and exits 0), the
endpoint in the ``X-Policykg-Truncated`` header (every format).
"""

from __future__ import annotations

HEADER = "X-Policykg-Truncated"
LINK = "urn:policykg:truncated:"  # + "rows" or "bytes"


def note(by: str, max_rows: int, max_bytes: int) -> str:
    """One line for people: which limit cut the answer."""
    if by == "bytes":
        return f"stopped at {max_bytes:,} bytes of results (--max-bytes); add LIMIT or select fewer, shorter values"
    return f"stopped at {max_rows} rows (--max-rows)"


def sheet_note(by: str, rows: int) -> str:
    """The XLSX ``note`` sheet's line."""
    limit = "answer-size" if by == "bytes" else "row"
    return f"truncated: the answer stopped at the {limit} limit after {rows} rows; more rows matched ({LINK}{by})"


def header(by: str, max_rows: int, max_bytes: int) -> str:
    """The ``X-Policykg-Truncated`` value: ``rows; limit=10000`` or ``bytes; limit=67108864``."""
    return f"{by}; limit={max_bytes if by == 'bytes' else max_rows}"


def mark(body: bytes, fmt: str, by: str) -> bytes:
    """A serialised SELECT answer (rdflib's JSON or XML writer) with the cut link in its head.

    >>> mark(b'{"results": {"bindings": []}, "head": {"vars": ["x"]}}', "json", "rows")
    b'{"results": {"bindings": []}, "head": {"vars": ["x"], "link": ["urn:policykg:truncated:rows"]}}'
    >>> mark(b'<sparql><head></head><results/></sparql>', "xml", "bytes")
    b'<sparql><head><link href="urn:policykg:truncated:bytes"/></head><results/></sparql>'
    """
    link = LINK + by
    if fmt == "json" and body.endswith(b"]}}"):  # the head, with its vars, comes last
        return body[:-2] + f', "link": ["{link}"]}}}}'.encode()
    if fmt == "xml":
        return body.replace(b"</head>", f'<link href="{link}"/></head>'.encode(), 1)
    return body
