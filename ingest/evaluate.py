"""Score an extraction against a gold annotation (the shape of ``tests/data/seed_gold.json``).

Names are compared after dropping quotes and 《》 and making brackets ASCII, goal by goal.
*Strict* counts exact names; *lenient* also counts a predicted name that contains, or is contained
in, a gold name (one-to-one). Targets match strictly on value, unit, comparator and range,
leniently on value and unit. Places are scored only when the gold has a ``places`` list.

Run ``python -m ingest.evaluate DOCUMENT GOLD.json`` for a report.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.extract import extract
from ingest.gazetteer import normalise
from ingest.model import Extraction, PolicyDocument, Target
from policykg.kinds import KINDS as ENTITY_KINDS


@dataclass(frozen=True)
class Score:
    tp_pred: int  # predictions that match some gold item
    n_pred: int
    tp_gold: int  # gold items matched by some prediction
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.tp_pred + other.tp_pred,
            self.n_pred + other.n_pred,
            self.tp_gold + other.tp_gold,
            self.n_gold + other.n_gold,
        )

    def __str__(self) -> str:
        p = f"P {self.precision:.2f} ({self.tp_pred}/{self.n_pred})"
        return f"{p}  R {self.recall:.2f} ({self.tp_gold}/{self.n_gold})"


def _match(pred: list[Any], gold: list[Any], same: Callable[[Any, Any], bool]) -> Score:
    used: set[int] = set()
    tp = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and same(p, g):
                used.add(j)
                tp += 1
                break
    return Score(tp, len(pred), tp, len(gold))


def _strict_name(p: str, g: str) -> bool:
    return p == g


def _lenient_name(p: str, g: str) -> bool:
    return p in g or g in p


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9)


def _strict_target(p: Target, g: dict[str, Any]) -> bool:
    return (
        _lenient_target(p, g)
        and p.comparator == g.get("comparator")
        and _close(p.value_max, None if g.get("value_max") is None else float(g["value_max"]))
    )


def _lenient_target(p: Target, g: dict[str, Any]) -> bool:
    return _close(p.value, float(g["value"])) and p.unit == g["unit"]


KINDS = {k.plural_en: k.name for k in ENTITY_KINDS}  # gold key -> kind name


def score(document: PolicyDocument, extraction: Extraction, gold: dict[str, Any]) -> dict[str, dict[str, Score]]:
    """{type: {"strict": Score, "lenient": Score}} for institutions, programmes, places, targets."""
    totals: dict[str, dict[str, Score]] = {}

    def add(kind: str, mode: str, s: Score) -> None:
        totals.setdefault(kind, {}).setdefault(mode, Score(0, 0, 0, 0))
        totals[kind][mode] = totals[kind][mode] + s

    for number, goal in gold["goals"].items():
        n = int(number)
        for key, kind in KINDS.items():
            if key not in goal:
                continue
            pred = list(dict.fromkeys(normalise(m.text) for m in extraction.mentions if m.goal == n and m.kind == kind))
            gold_names = list(dict.fromkeys(normalise(x) for x in goal[key]))
            add(key, "strict", _match(pred, gold_names, _strict_name))
            add(key, "lenient", _match(pred, gold_names, _lenient_name))
        targets = [t for t in extraction.targets if t.goal == n]
        add("targets", "strict", _match(targets, goal["targets"], _strict_target))
        add("targets", "lenient", _match(targets, goal["targets"], _lenient_target))
    return totals


def errors(document: PolicyDocument, extraction: Extraction, gold: dict[str, Any]) -> Iterable[str]:
    """Lines naming each miss and false alarm (strict), for reading a report."""
    for number, goal in gold["goals"].items():
        n = int(number)
        for key, kind in KINDS.items():
            if key not in goal:
                continue
            pred = {normalise(m.text) for m in extraction.mentions if m.goal == n and m.kind == kind}
            ref = {normalise(x) for x in goal[key]}
            for name in sorted(ref - pred):
                yield f"goal {n} {key}: missed {name}"
            for name in sorted(pred - ref):
                yield f"goal {n} {key}: extra  {name}"
        targets = [t for t in extraction.targets if t.goal == n]
        for g in goal["targets"]:
            if not any(_strict_target(t, g) for t in targets):
                yield f"goal {n} targets: missed {g}"
        for t in targets:
            if not any(_strict_target(t, g) for g in goal["targets"]):
                yield f"goal {n} targets: extra  {t.text} = {t.value} {t.unit} {t.comparator} {t.value_max}"


def main(argv: list[str]) -> int:
    from ingest.formats import read_source
    from ingest.parse import parse

    if len(argv) != 2:
        print("usage: python -m ingest.evaluate DOCUMENT GOLD.json", file=sys.stderr)
        return 2
    document = parse(read_source(Path(argv[0])))
    gold = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    extraction = extract(document)
    for kind, modes in score(document, extraction, gold).items():
        print(f"{kind:13} strict {modes['strict']}   lenient {modes['lenient']}")
    for line in errors(document, extraction, gold):
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
