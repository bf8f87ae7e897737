"""`serve` reads while `ingest` writes: every answer is the old corpus or the new one, never broken."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from graph.store import open_store
from queries.endpoint import Limits, serving

DATA = Path(__file__).resolve().parents[1] / "data"
COUNT = (
    "SELECT (COUNT(DISTINCT ?d) AS ?n) (COUNT(DISTINCT ?g) AS ?goals) "
    "WHERE { ?d a pkg:PolicyDocument . ?g dcterms:isPartOf ?d }"
)


def ask(endpoint: str) -> tuple[int, int]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": COUNT})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 200
        row = json.loads(reply.read())["results"]["bindings"][0]
    return int(row["n"]["value"]), int(row["goals"]["value"])


def test_endpoint_sees_old_or_new_corpus_during_an_ingest(seed_store: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    graph = open_store(store / "graph")
    limits = Limits(max_rows=100, timeout_s=10.0, max_body=10_000)
    try:
        with serving(graph, limits) as endpoint:
            before = ask(endpoint)
            assert before == (1, 11)
            new_doc = DATA / "jinan-ndrc-2018-plan.txt"
            writer = subprocess.Popen(
                [str(Path(sys.executable).with_name("policykg")), "--store", str(store), "ingest", str(new_doc)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            seen = set()
            while writer.poll() is None:
                seen.add(ask(endpoint))
                time.sleep(0.05)
            _, err = writer.communicate()
            assert writer.returncode == 0, err.decode()
            deadline = time.monotonic() + 30
            while (answer := ask(endpoint)) == before and time.monotonic() < deadline:
                time.sleep(0.2)  # the query workers reopen their read-only snapshot when the files change
            after = answer
            assert after[0] == 2 and after[1] > before[1]
            assert seen <= {before, after}, seen  # never a half-written document
    finally:
        graph.close()
