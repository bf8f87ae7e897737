"""One plan written out as the files it arrives in: .txt (UTF-8 or GBK), .docx, .pdf, GB2312 HTML.

The plans here are table plans (序号 / 目标名称 / 目标内容, then number, title and content per
goal), as tests/data holds them; every copy carries the same words in its format's layout.
"""

from __future__ import annotations

import html
from pathlib import Path

import docx
from fpdf import FPDF

FONT_DIRS = (Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/wqy-microhei"))


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
