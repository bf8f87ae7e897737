"""Extraction quality in one table: the real-plan scorer and the team's own gold documents.

    python -m bench.extraction_eval                       # both parts (the real plans through the CLI: ~3 min)
    python -m bench.extraction_eval --no-real             # the team's gold documents only (seconds)
    python -m bench.extraction_eval --scorer PATH/score.py --mode both

The real-plan part runs the shared scorer (``../shared/eval/real-dev/score.py`` beside the
repository, or ``--scorer``) against this checkout's CLI (``.venv/bin/policykg``) and prints its
micro totals; the scorer ingests each plan into a fresh store, so it measures what a user gets.
The team's gold documents (``tests/data/*.gold.json`` and the seed's ``seed_gold.json``) are scored
in-process by ``ingest.evaluate``, goal by goal, strict and lenient.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ingest.evaluate import score
from ingest.extract import extract
from ingest.formats import read_source
from ingest.parse import parse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "real-dev" / "score.py"


def team_gold() -> list[tuple[str, Path, Path]]:
    """(name, document, gold) of every gold document the team wrote, the seed first."""
    out = [("seed", ROOT / "data" / "corpus" / "qingdao-most-2016-goals.txt", DATA / "seed_gold.json")]
    for gold in sorted(DATA.glob("*.gold.json")):
        out.append((gold.name.removesuffix(".gold.json"), DATA / gold.name.replace(".gold.json", ".txt"), gold))
    return out


def team_table() -> list[str]:
    lines = [f"{'document':32} {'kind':13} {'strict P':>8} {'R':>5} {'lenient P':>9} {'R':>5}"]
    for name, document, gold_path in team_gold():
        doc = parse(read_source(document))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for kind, modes in score(doc, extract(doc), gold).items():
            s, lenient = modes["strict"], modes["lenient"]
            lines.append(
                f"{name:32} {kind:13} {s.precision:8.2f} {s.recall:5.2f} {lenient.precision:9.2f} {lenient.recall:5.2f}"
            )
    return lines


def real_table(scorer: Path, mode: str) -> list[str]:
    cli = ROOT / ".venv" / "bin" / "policykg"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        run = subprocess.run(
            [sys.executable, str(scorer), "--cli", str(cli), "--mode", mode, "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            return [f"the scorer failed ({run.returncode}): {run.stderr.strip().splitlines()[-1:]}"]
    return [line for line in run.stdout.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="the real-plan scorer (score.py)")
    parser.add_argument("--mode", choices=["extract", "search", "both"], default="extract")
    parser.add_argument("--no-real", action="store_true", help="only the team's gold documents")
    args = parser.parse_args(argv)
    if not args.no_real:
        if args.scorer.exists():
            print("\n".join(real_table(args.scorer, args.mode)))
        else:
            print(f"no real-plan scorer at {args.scorer}; pass --scorer", file=sys.stderr)
        print()
    print("\n".join(team_table()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
