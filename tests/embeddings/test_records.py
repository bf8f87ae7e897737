"""Passage records (embeddings/records.py): one per span, from the parser or from the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from embeddings.records import EMBEDDED_CHARS, records_for
from ingest.model import PassageKind
from ingest.pipeline import process_file

# Goals of one sentence: the goal and its sentence are the same span.
PLAN = """潍坊市交通运输局2021年工作要点

一、完善综合交通网络。新建农村公路300公里。

二、提升公共交通服务。新增新能源公交车200辆，开通定制公交线路10条。
"""


def test_a_span_is_indexed_once(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    records = records_for(process_file(path).document)
    spans = Counter((r.start, r.end) for r in records)
    assert spans and max(spans.values()) == 1, spans
    goals = [r for r in records if r.kind is PassageKind.GOAL]
    assert [r.goal for r in goals] == [1, 2]
    # The one-sentence goal is its goal record; the longer goal keeps its clauses.
    assert {r.goal for r in records if r.kind is not PassageKind.GOAL} >= {2}


def test_the_graph_gives_back_the_same_records(tmp_path: Path) -> None:
    from policykg.corpus import Corpus, passage_records

    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "plan.txt").write_text(PLAN, encoding="utf-8")
    with Corpus.open(str(tmp_path / "store"), write=True) as corpus:
        assert not corpus.ingest([plans]).failed
        rebuilt = passage_records(corpus.store)
        indexed = list(corpus.index.records)

    def key(r):  # type: ignore[no-untyped-def]
        return (r.iri, r.goal, r.kind, r.start, r.end, r.text)

    assert sorted(map(key, rebuilt)) == sorted(map(key, indexed))


def test_the_model_reads_at_most_a_window_of_a_long_passage(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("推进海洋经济发展建设海洋强市" * 1_000 + "\n", encoding="utf-8")  # one 14,000-character sentence
    records = records_for(process_file(path).document)
    assert max(len(r.text) for r in records) == 14_000  # indexed whole for BM25 and shown whole
    assert max(len(r.embedded_text) for r in records) <= EMBEDDED_CHARS
    assert len(records) > 14_000 // EMBEDDED_CHARS  # and, piece by piece, all of it is embedded
