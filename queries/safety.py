"""What a user's query may do, decided from a parse of it: read, never update, never call out.

``checked(sparql)`` returns the text to run, or raises ``ReadOnlyError`` with one line. The
decision comes from rdflib's SPARQL parser: an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE,
ADD, MOVE, COPY) is refused, and so is a query whose parse tree or algebra holds a
``ServiceGraphPattern`` anywhere (nested groups, subqueries, EXISTS filters, a variable as the
service IRI).

The store's own parser is not rdflib's, so the decision also holds where they could disagree:

- a comment ends at ``\\n`` for rdflib and at ``\\r`` or ``\\n`` for Oxigraph: the text to run has
  every ``\\r`` turned into ``\\n``, so both parsers see the same comments;
- rdflib expands ``\\uXXXX`` escapes everywhere before parsing, Oxigraph only inside strings and
  IRIs, so a string may end at a different place for each: a text with an escape that mentions
  SERVICE is refused;
- Oxigraph parses syntax rdflib does not (LATERAL, SPARQL 1.2 triple terms): a text that rdflib
  cannot parse, or one over ``MAX_PARSED`` characters, is refused when it mentions SERVICE.

"Mentions SERVICE" is a plain search of the text, upper-cased (pyparsing compares keywords that
way, so ``ſERVICE`` counts), before and after expanding escapes: no parser can read the keyword
from a text without it, so a query that does not mention SERVICE needs no parse for it. A text
that parses as neither query nor update is refused as an update when an update keyword stands
in its code (``SELECT … ; DROP ALL``); otherwise the store reports its syntax error.

>>> checked('SELECT ?add WHERE { ?s pkg:delete ?add FILTER(?add != "SERVICE") }')[:11]
'SELECT ?add'
>>> checked("DROP ALL")
Traceback (most recent call last):
policykg.errors.ReadOnlyError: updates are not allowed here (DROP); this endpoint is read-only
>>> checked("SELECT * WHERE { #x\\rSERVICE <http://127.0.0.1:7001/> { ?s ?p ?o }\\n}")
Traceback (most recent call last):
policykg.errors.ReadOnlyError: SERVICE (federated query) is not allowed: policykg makes no outbound requests
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from graph.vocab import PREFIXES
from policykg.errors import ReadOnlyError

MAX_PARSED = 20_000  # characters; rdflib's parser takes ~0.3 s for this much, in the caller's process

SERVICE_REFUSED = "SERVICE (federated query) is not allowed: policykg makes no outbound requests"
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_UPDATE_NAMES = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD"}
_UPDATE_NAMES |= {"Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT", "DeleteData": "DELETE"}
_UPDATE_NAMES |= {"DeleteWhere": "DELETE"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
# a keyword, not a variable (?add), a local name (pkg:delete) nor a prefix (copy:x)
_UPDATE_KEYWORD = re.compile(r"(?<![?$:\w])({})(?![\w:-])".format("|".join(_UPDATE_WORDS)), re.IGNORECASE)


def checked(sparql: str) -> str:
    """``sparql`` as it is to be run (line ends made ``\\n``); ``ReadOnlyError`` if it may write or call out."""
    text = sparql.replace("\r\n", "\n").replace("\r", "\n")
    spellings = _spellings(text)
    spelled = "\n".join(spellings).upper()
    mentions_service = "SERVICE" in spelled
    if not mentions_service and not any(word in spelled for word in _UPDATE_WORDS):
        return text
    parsed = _parse(text) if len(text) <= MAX_PARSED else None
    if isinstance(parsed, str):
        raise ReadOnlyError(f"updates are not allowed here ({parsed}); this endpoint is read-only")
    if parsed is None:
        if mentions_service:
            raise ReadOnlyError(f"{SERVICE_REFUSED} (the query mentions SERVICE and could not be checked)")
        for spelling in spellings:
            if m := _UPDATE_KEYWORD.search(_STRINGS_IRIS_COMMENTS.sub(" ", spelling)):
                keyword = m.group(1).upper()
                raise ReadOnlyError(f"updates are not allowed here ({keyword}); this endpoint is read-only")
        return text  # not SPARQL rdflib reads, and nothing in it can write or call out: the store explains
    if parsed or (mentions_service and _ESCAPE.search(text)):
        raise ReadOnlyError(SERVICE_REFUSED)
    return text


def _spellings(text: str) -> list[str]:
    """The text, and the text after each round of escape expansion (at most three)."""
    spellings = [text]
    for _ in range(3):
        expanded = _ESCAPE.sub(_expand, spellings[-1])
        if expanded == spellings[-1]:
            break
        spellings.append(expanded)
    return spellings


def _expand(m: re.Match[str]) -> str:
    code = int(m.group(1) or m.group(2), 16)
    return chr(code) if code <= 0x10FFFF else m.group()


@lru_cache(maxsize=512)
def _parse(text: str) -> bool | str | None:
    """For a query: whether it holds a SERVICE pattern; for an update: its first keyword; None: neither parses."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except Exception:  # pyparsing's errors, a bad escape, RecursionError on deep nesting
        try:
            update = parseUpdate(text)
        except Exception:
            return None
        requests = dict.get(update, "request") or []  # CompValue.get answers a missing key with the key
        if not requests:
            return None  # a prologue alone
        operation = requests[0]
        if operation.name == "Modify":
            keyword = "WITH" if "withClause" in operation else "DELETE" if "delete" in operation else "INSERT"
            return keyword
        return _UPDATE_NAMES.get(operation.name, operation.name.upper())
    if _holds_service(tree):
        return True
    try:
        algebra = translateQuery(tree, initNs=PREFIXES).algebra
    except Exception:  # an undeclared prefix, a deep expression: the store cannot run it either
        return None
    return _holds_service(algebra)


def _holds_service(root: Any) -> bool:
    """Whether a parse tree or algebra (nested CompValues, ParseResults, lists) holds a SERVICE pattern."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if isinstance(node, str) or id(node) in seen:  # terms and variables are strings
            continue
        seen.add(id(node))
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False
