"""Plan against plan (``policykg diff OLD NEW``): goals kept, added and dropped; targets raised,
cut, kept, new and dropped; institutions and programmes new and gone.

*Goals* are matched one to one, best pair first, by the encoder's similarity of their titles and
of their texts (the mean of the two cosines is the pair's score); a pair scoring under
``GOAL_THRESHOLD`` is no match, and its goals are added or dropped.
*Targets* are paired by measure (``ingest.measures``): first targets linking the same measure,
in text order, then the rest whose measures share a unit and whose labels paraphrase each other
(``queries.measures.PARAPHRASE_THRESHOLD``). A pair's change says how the new value stands to the
old one (the upper bound of a range breaks a tie); a target without a pair is new or dropped.
Both thresholds are measured on hand-made pairs: ``bench/plan_diff_eval.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from embeddings.encoder import Encoder
from graph.iri import document_iri
from graph.results import to_python
from graph.store import GraphStore
from policykg.errors import QueryError
from policykg.kinds import EntityKind
from queries.library import ask, select
from queries.measures import PARAPHRASE_THRESHOLD, TimelineRow, similarities, timeline_rows

GOAL_THRESHOLD = 0.925  # mean cosine of titles and texts from which two goals are one goal
CHANGES = ("raised", "cut", "same", "new", "dropped")


@dataclass(frozen=True)
class PlanGoal:
    number: int
    title: str
    text: str
    iri: str


@dataclass(frozen=True)
class GoalMatch:
    old: PlanGoal
    new: PlanGoal
    score: float


@dataclass(frozen=True)
class TargetChange:
    measure: str
    change: str  # raised | cut | same | new | dropped
    old: TimelineRow | None
    new: TimelineRow | None
    score: float | None = None  # the labels' similarity where the pair is a paraphrase


@dataclass
class PlanDiff:
    old: str
    new: str
    matched: list[GoalMatch] = field(default_factory=list)
    added: list[PlanGoal] = field(default_factory=list)
    dropped: list[PlanGoal] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    institutions: tuple[list[str], list[str]] = ([], [])  # (new, gone)
    programmes: tuple[list[str], list[str]] = ([], [])

    def as_json(self) -> dict[str, object]:
        return {
            "old": self.old,
            "new": self.new,
            "goals": {
                "matched": [
                    {"old": m.old.number, "new": m.new.number, "score": round(m.score, 3)} for m in self.matched
                ],
                "added": [g.number for g in self.added],
                "dropped": [g.number for g in self.dropped],
            },
            "targets": [
                {"measure": t.measure, "change": t.change, "old": _side(t.old), "new": _side(t.new)}
                for t in self.targets
            ],
            "institutions": {"new": self.institutions[0], "gone": self.institutions[1]},
            "programmes": {"new": self.programmes[0], "gone": self.programmes[1]},
        }


def _side(row: TimelineRow | None) -> dict[str, object] | None:
    if row is None:
        return None
    fields = ("document", "goal", "value", "value_max", "unit", "comparator", "subject", "text", "start", "end")
    return {name: getattr(row, name) for name in fields}


def plan_goals(store: GraphStore, doc_id: str) -> list[PlanGoal]:
    out = []
    for r in select(store, "goal_texts").records():
        if str(r["document"]) == doc_id:
            number = to_python(r["number"])
            out.append(PlanGoal(int(str(number)), str(r["title"]), str(r["text"]), str(r["iri"])))
    return sorted(out, key=lambda g: g.number)


def goal_scores(encoder: Encoder, old: Sequence[PlanGoal], new: Sequence[PlanGoal]) -> np.ndarray:
    """The score of each old goal with each new one: the mean cosine of titles and of texts."""
    titles = similarities(encoder, [g.title for g in old], [g.title for g in new])
    texts = similarities(encoder, [g.text for g in old], [g.text for g in new])
    return (titles + texts) / 2


def one_to_one(scores: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score), best first, each row and column at most once, score >= threshold.

    >>> [(i, j, round(s, 2)) for i, j, s in one_to_one(np.array([[0.9, 0.95], [0.2, 0.91]]), 0.5)]
    [(0, 1, 0.95)]
    """
    pairs = []
    used_i: set[int] = set()
    used_j: set[int] = set()
    order = np.argsort(-scores, axis=None, kind="stable")
    for flat in order:
        i, j = divmod(int(flat), scores.shape[1])
        score = float(scores[i, j])
        if score < threshold:
            break
        if i not in used_i and j not in used_j:
            pairs.append((i, j, score))
            used_i.add(i)
            used_j.add(j)
    return pairs


def change_of(old: TimelineRow, new: TimelineRow) -> str:
    """raised, cut or same: the new value against the old, the upper bound of a range breaking a tie."""
    a = (float(old.value), float(old.value_max if old.value_max is not None else old.value))
    b = (float(new.value), float(new.value_max if new.value_max is not None else new.value))
    return "raised" if b > a else "cut" if b < a else "same"


def pair_targets(old: list[TimelineRow], new: list[TimelineRow], encoder: Encoder | None) -> list[TargetChange]:
    """Targets paired by measure, then by paraphrase; the rest new or dropped."""
    changes: list[TargetChange] = []
    by_measure: dict[str, list[TimelineRow]] = defaultdict(list)
    for row in new:
        by_measure[row.iri].append(row)
    left_old: list[TimelineRow] = []
    for row in old:
        if by_measure[row.iri]:
            changes.append(_pair(row, by_measure[row.iri].pop(0), None))
        else:
            left_old.append(row)
    left_new = [row for rows in by_measure.values() for row in rows]
    left_new.sort(key=lambda r: r.start)
    if encoder is not None and left_old and left_new:
        sims = similarities(encoder, [r.measure for r in left_old], [r.measure for r in left_new])
        for i, o in enumerate(left_old):  # a paraphrase only in the same unit
            for j, n in enumerate(left_new):
                if o.unit != n.unit:
                    sims[i, j] = -1.0
        paired = one_to_one(sims, PARAPHRASE_THRESHOLD)
        for i, j, score in paired:
            changes.append(_pair(left_old[i], left_new[j], score))
        used_old, used_new = {i for i, _, _ in paired}, {j for _, j, _ in paired}
        left_old = [r for i, r in enumerate(left_old) if i not in used_old]
        left_new = [r for j, r in enumerate(left_new) if j not in used_new]
    changes += [TargetChange(r.measure, "dropped", r, None) for r in left_old]
    changes += [TargetChange(r.measure, "new", None, r) for r in left_new]
    return sorted(changes, key=_order)


def _pair(old: TimelineRow, new: TimelineRow, score: float | None) -> TargetChange:
    return TargetChange(old.measure, change_of(old, new), old, new, score)


def _order(t: TargetChange) -> tuple[int, int, int]:
    side = t.old or t.new
    assert side is not None
    return (t.old is None, -1 if side.goal is None else side.goal, side.start)


def _entities(store: GraphStore, doc_id: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for r in select(store, "document_entities", document=document_iri(doc_id)).records():
        found[str(r["kind"])].add(str(r["label"]))
    return found


def _require(store: GraphStore, doc_id: str) -> None:
    if not ask(store, "document_exists", document=document_iri(doc_id)):
        raise QueryError(f"no document {doc_id!r} in the store (policykg sparql --named documents lists them)")


def diff(store: GraphStore, old: str, new: str, encoder: Encoder | Callable[[], Encoder]) -> PlanDiff:
    """The difference of plan ``new`` from plan ``old`` (document ids); the encoder scores goals
    and paraphrased measures (a callable: loaded only when both plans have goals or targets)."""
    _require(store, old)
    _require(store, new)
    result = PlanDiff(old, new)
    old_goals, new_goals = plan_goals(store, old), plan_goals(store, new)
    old_rows = timeline_rows(store, document=document_iri(old))
    new_rows = timeline_rows(store, document=document_iri(new))
    needed = (old_goals and new_goals) or (old_rows and new_rows)
    enc = (encoder if isinstance(encoder, Encoder) else encoder()) if needed else None
    pairs = (
        one_to_one(goal_scores(enc, old_goals, new_goals), GOAL_THRESHOLD) if enc and old_goals and new_goals else []
    )
    result.matched = sorted((GoalMatch(old_goals[i], new_goals[j], s) for i, j, s in pairs), key=lambda m: m.old.number)
    matched_old, matched_new = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    result.dropped = [g for i, g in enumerate(old_goals) if i not in matched_old]
    result.added = [g for j, g in enumerate(new_goals) if j not in matched_new]
    result.targets = pair_targets(old_rows, new_rows, enc)
    was, now = _entities(store, old), _entities(store, new)
    for kind, attr in ((EntityKind.INSTITUTION, "institutions"), (EntityKind.PROGRAMME, "programmes")):
        a, b = was.get(kind.value, set()), now.get(kind.value, set())
        setattr(result, attr, (sorted(b - a), sorted(a - b)))
    return result
