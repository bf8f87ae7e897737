"""Every format and encoding, read from real files that real libraries write in the test.

HTML pages are written as bytes in the encoding under test; PDFs by fpdf2 with a real CJK font
(Debian ``fonts-wqy-microhei``), encrypted by pypdf; Word files by python-docx.
"""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ingest.formats import read_source, reader_for
from ingest.model import PolicyDocument
from ingest.parse import parse
from ingest.pipeline import expand_paths
from policykg.errors import IngestError

FONT_DIRS = (Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/wqy-microhei"))

GOALS = [
    ("建设海洋强市", "推进青岛海洋科学与技术国家实验室建设，新增涉海企业50家以上。"),
    ("发展海洋经济", "海洋生产总值增长15%左右，引进中国船舶重工集团第七二五研究所落户。"),
    ("优化营商环境", "全年完成海域使用审批100宗以上。"),
]


def parse_file(path: Path) -> PolicyDocument:
    return parse(read_source(path))


def assert_offsets(doc: PolicyDocument) -> None:
    for goal in doc.goals:
        assert doc.text[goal.start : goal.end] == goal.text
        assert doc.text[goal.title_start : goal.title_start + len(goal.title)] == goal.title
    for passage in doc.passages:
        assert doc.text[passage.start : passage.end] == passage.text


def one_line_error(path: Path, match: str) -> str:
    with pytest.raises(IngestError, match=match) as info:
        read_source(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(path.name)
    return message


# ---------------------------------------------------------------- HTML


def portal_page(charset_meta: str) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{title}</td><td><p>{content}</p></td></tr>\n"
        for n, (title, content) in enumerate(GOALS, start=1)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>{charset_meta}
<title>市海洋局2017年度工作目标_青岛政务网</title>
<style type="text/css">.nav {{ color: red }} /* 一、样式不是目标 */</style>
<script type="text/javascript">var menu = "1、脚本不是目标"; document.write("<p>二、</p>");</script>
</head><body>
<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a>
 | <a href="/hdjl">互动交流</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 工作目标</div>
<div class="content">
  <h1>市海洋局2017年度工作目标</h1>
  <div class="info">青岛政务网 发布日期：2017-03-01 <span style="display:none">隐藏的统计代码</span></div>
  <div class="bdsharebuttonbox"><a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
  <table border="1" cellspacing="0">
    <tr><td>序号</td><td>目标名称</td><td>目标内容</td></tr>
    {rows}
  </table>
  <p>【打印】【关闭】</p>
</div>
<!-- 三、注释不是目标 -->
<ul class="friend-links"><li><a href="#">青岛市人民政府</a></li><li><a href="#">山东省海洋局</a></li>
<li><a href="#">国家海洋局</a></li></ul>
<div id="footer">版权所有：青岛市人民政府办公厅 鲁ICP备05000000号 网站标识码3702000001</div>
</body></html>"""


CHROME = ("首页", "政务公开", "当前位置", "脚本", "样式", "注释", "隐藏", "微信", "打印", "版权", "ICP", "国家海洋局")


@pytest.mark.parametrize(
    ("meta", "codec", "found"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb2312", "gb18030"),
        ('<meta charset="GBK">', "gbk", "gb18030"),
        ("<meta charset=gb18030>", "gb18030", "gb18030"),
        ('<meta charset="utf-8">', "utf-8", "utf-8"),
        # A page re-saved as UTF-8 that kept its old declaration: the bytes win.
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "utf-8", "utf-8"),
        ("", "gbk", "gb18030"),  # no declaration at all
    ],
)
def test_portal_page_in_every_encoding(tmp_path: Path, meta: str, codec: str, found: str) -> None:
    path = tmp_path / "qingdao-ocean-2017.html"
    path.write_bytes(portal_page(meta).encode(codec))
    doc = parse_file(path)
    assert doc.encoding == found and doc.media_type == "text/html"
    assert [g.title for g in doc.goals] == [title for title, _ in GOALS]
    assert [g.text for g in doc.goals] == [content for _, content in GOALS]
    assert doc.title == "市海洋局2017年度工作目标" and doc.published == "2017-03-01"
    for chrome in CHROME:
        assert chrome not in doc.text, chrome
    assert_offsets(doc)


def test_declared_big5_page(tmp_path: Path) -> None:
    page = '<meta charset="big5"><p>一、加強合作</p><p>推進合作。</p><p>二、優化服務</p><p>完善體系。</p>'
    path = tmp_path / "taipei.html"
    path.write_bytes(page.encode("big5"))
    doc = parse_file(path)
    assert doc.encoding == "big5"
    assert [g.title for g in doc.goals] == ["加強合作", "優化服務"]


def test_headings_page_with_line_breaks_and_title_only_in_head(tmp_path: Path) -> None:
    page = """<html><head><meta charset="gb2312"><title>济南市科技局2018年工作要点 - 济南市人民政府</title></head>
<body><nav><a>首页</a><a>机构</a><a>政策</a></nav>
<div class="article"><h2>一、建设创新平台</h2><p>支持山东大学、齐鲁工业大学
建设重点实验室。<br/>新增省级工程技术研究中心10家以上。</p>
<h2>二、培育科技企业</h2><p>新增高新技术企业300家。</p>
<h2>三、集聚创新人才</h2><pre>引进海外高层次人才
50名。</pre></div>
<footer>主办：济南市科学技术局</footer></body></html>"""
    path = tmp_path / "jinan-most-2018.htm"
    path.write_bytes(page.encode("gb2312"))
    doc = parse_file(path)
    assert doc.title == "济南市科技局2018年工作要点"  # from <title>, the site name cut off
    assert [g.title for g in doc.goals] == ["建设创新平台", "培育科技企业", "集聚创新人才"]
    # a source line break between CJK characters is no space; <br> is a line break
    assert doc.goals[0].text == "支持山东大学、齐鲁工业大学建设重点实验室。\n新增省级工程技术研究中心10家以上。"
    assert doc.goals[2].text == "引进海外高层次人才\n50名。"  # <pre> keeps its lines
    assert "主办" not in doc.text and "机构" not in doc.text
    assert_offsets(doc)


def test_xhtml_with_xml_declaration_and_bad_markup(tmp_path: Path) -> None:
    page = (
        '<?xml version="1.0" encoding="gb2312"?>\n<html><body><p>一、加强合作<p>推进合作。<p>二、优化服务<td>完善体系。'
    )
    path = tmp_path / "broken.html"
    path.write_bytes(page.encode("gb2312"))
    doc = parse_file(path)
    assert [(g.title, g.text) for g in doc.goals] == [("加强合作", "推进合作。"), ("优化服务", "完善体系。")]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        (b"<html><head><script>var a=1;</script></head><body><nav><a>x</a></nav></body></html>", "nothing is left"),
    ],
)
def test_empty_pages_fail_with_one_line(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    one_line_error(path, match)


@pytest.mark.parametrize("depth", [255, 300, 500])
def test_deeply_nested_page_keeps_its_text(tmp_path: Path, depth: int) -> None:
    """libxml2 drops text below 256 levels by default; the reader lifts that limit."""
    body = "".join(f"<p>{title}</p><p>{content}</p>" for title, content in GOALS)
    page = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    path = tmp_path / "deep.html"
    path.write_bytes(page.encode("gb18030"))
    doc = parse_file(path)
    assert "青岛海洋科学与技术国家实验室" in doc.text
    assert doc.encoding == "gb18030"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>" + "<div>" * 600 + "推进中科院青岛育成中心建设。" + "</div>" * 600,
        "<html><body>" + "<span>" * 5000 + "推进中科院青岛育成中心建设。",  # past libxml2's own limit
        "<html><body>" + "<table><tr><td>" * 200 + "推进中科院青岛育成中心建设。",  # 4 levels a table
    ],
    ids=["600 divs", "5000 unclosed spans", "200 nested tables"],
)
def test_page_nested_too_deeply_says_so(tmp_path: Path, page: str) -> None:
    path = tmp_path / "deep.html"
    path.write_bytes(page.encode())
    message = one_line_error(path, "HTML nested too deeply")
    assert "more than 512 levels" in message
    assert "nothing is left" not in message


# ---------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    ("prefix", "codec", "found"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (b"", "utf-8", "utf-8"),
        (b"", "gbk", "gb18030"),
        (b"", "gb2312", "gb18030"),
        (b"", "gb18030", "gb18030"),
    ],
)
def test_text_files_in_every_encoding(tmp_path: Path, prefix: bytes, codec: str, found: str) -> None:
    lines = ["市海洋局2017年度工作目标", "发布日期：2017-03-01", ""]
    for n, (title, content) in enumerate(GOALS, start=1):
        lines += [str(n), "", title, "", content, ""]
    path = tmp_path / "plan.txt"
    path.write_bytes(prefix + "\r\n".join(lines).encode(codec))
    doc = parse_file(path)
    assert doc.encoding == found and doc.media_type == "text/plain"
    assert not doc.text.startswith("\ufeff")
    assert [(g.title, g.text) for g in doc.goals] == GOALS
    assert_offsets(doc)


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def cjk_font() -> Path:
    for folder in FONT_DIRS:
        for font in sorted(folder.glob("wqy-microhei.tt[cf]")):
            return font
    message = "the PDF tests need a CJK font: apt-get install fonts-wqy-microhei"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


LONG = (
    "推进中国科学院海洋研究所、青岛海洋科学与技术国家实验室和哈尔滨工程大学青岛船舶科技园建设，"
    "支持山东大学（青岛）、中国海洋大学与企业共建研发平台，全年技术合同成交额超过100亿元，"
    "新增高新技术企业300家以上，引进海外高层次人才50名。"
)


def make_pdf(font: Path, pages: list[list[str]], footer: bool = True, header: str = "") -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("wqy", fname=str(font))
    for n, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("wqy", size=12)
        if header:
            pdf.set_xy(20, 10)
            pdf.cell(170, 8, header, align="R")
        pdf.set_xy(20, 20)
        for line in lines:
            pdf.multi_cell(170, 8, line, new_x="LMARGIN", new_y="NEXT")  # wraps long lines
            pdf.set_x(20)
        if footer:
            pdf.set_xy(20, 280)
            pdf.cell(170, 8, f"- {n} -", align="C")
    return bytes(pdf.output())


def test_text_pdf_with_headings_wrapped_lines_and_page_numbers(tmp_path: Path, cjk_font: Path) -> None:
    data = make_pdf(
        cjk_font,
        [
            ["青岛市科学技术局2017年工作要点", "发布日期：2017-02-10", "一、集聚高端创新资源", LONG],
            ["二、加强国际科技合作", "推进中国-马耳他水产养殖联合研究中心建设。", "三、促进成果转化", LONG],
            ["四、优化科技服务", "全文引用青科发〔2017〕5号文件。"],
        ],
        header="青科发〔2017〕5号",
    )
    path = tmp_path / "qingdao-most-2017.pdf"
    path.write_bytes(data)
    doc = parse_file(path)
    assert doc.media_type == "application/pdf" and doc.encoding == "pdf"
    assert doc.title == "青岛市科学技术局2017年工作要点" and doc.published == "2017-02-10"
    assert [g.title for g in doc.goals] == ["集聚高端创新资源", "加强国际科技合作", "促进成果转化", "优化科技服务"]
    # the running header is gone from every page's top; the same words inside a sentence stay
    assert doc.text.count("青科发〔2017〕5号") == 1
    # the paragraph fpdf2 wrapped over several lines reads as one again
    assert doc.goals[0].text == LONG and doc.goals[2].text == LONG
    assert "- 1 -" not in doc.text and "- 3 -" not in doc.text
    assert_offsets(doc)


def test_pdf_with_goal_table_layout_and_bare_page_numbers(tmp_path: Path, cjk_font: Path) -> None:
    lines = ["市海洋局2017年度工作目标", "序号", "目标名称", "目标内容"]
    for n, (title, content) in enumerate(GOALS, start=1):
        lines += [str(n), title, content]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("wqy", fname=str(cjk_font))
    for page in (lines[:10], lines[10:]):
        pdf.add_page()
        pdf.set_font("wqy", size=12)
        for line in page:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 8, str(pdf.page_no()), align="C")  # a bare page number: must not become goal 2
    path = tmp_path / "table.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = parse_file(path)
    assert [(g.title, g.text) for g in doc.goals] == GOALS


def test_image_only_pdf_fails_with_one_line(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    Image.new("RGB", (400, 300), "white").save(scan)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(scan), x=10, y=10, w=180)
    path = tmp_path / "scanned.pdf"
    path.write_bytes(bytes(pdf.output()))
    message = one_line_error(path, "no text layer")
    assert "OCR" in message


def encrypt(data: bytes, user: str, owner: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_pdfs(tmp_path: Path, cjk_font: Path, algorithm: str) -> None:
    plain = make_pdf(cjk_font, [["一、加强合作", "推进合作。", "二、优化服务", "完善体系。"]])
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypt(plain, "secret", "owner", algorithm))
    one_line_error(locked, "encrypted with a password")
    # Only an owner password (copy/print restrictions, common on portals): readable.
    restricted = tmp_path / "restricted.pdf"
    restricted.write_bytes(encrypt(plain, "", "owner", algorithm))
    assert [g.title for g in parse_file(restricted).goals] == ["加强合作", "优化服务"]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"<html>not a pdf</html>", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "PDF"),
    ],
)
def test_bad_pdfs_fail_with_one_line(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    one_line_error(path, match)


def test_truncated_pdf_fails_with_one_line(tmp_path: Path, cjk_font: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(make_pdf(cjk_font, [["一、加强合作", LONG]])[:600])
    one_line_error(path, "PDF")


# ---------------------------------------------------------------- DOCX


def goals_docx() -> docx.document.Document:
    document = docx.Document()
    document.add_heading("江苏省海洋与渔业局2019年工作目标", level=1)
    document.add_paragraph("发布日期：2019-01-20")
    document.add_paragraph("为推进海洋强省建设，制定本目标。")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "目标名称", "目标内容"), strict=True):
        cell.text = text
    for n, (title, content) in enumerate(GOALS, start=1):
        row = table.add_row().cells
        row[0].text, row[1].text = str(n), title
        row[2].paragraphs[0].text = content
    note = table.add_row().cells
    merged = note[0].merge(note[2])  # one cell spanning the row: read once, not three times
    merged.text = "以上目标由局办公室负责督办。"
    document.add_paragraph("江苏省海洋与渔业局办公室")
    return document


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_docx_paragraphs_and_goal_table_in_order(tmp_path: Path) -> None:
    doc = parse_file(save(goals_docx(), tmp_path / "jiangsu-ocean-2019.docx"))
    assert doc.media_type.endswith("wordprocessingml.document") and doc.encoding == "docx"
    assert doc.title == "江苏省海洋与渔业局2019年工作目标" and doc.published == "2019-01-20"
    assert [g.title for g in doc.goals] == [title for title, _ in GOALS]
    assert doc.goals[0].text == GOALS[0][1]
    assert doc.goals[2].text.startswith(GOALS[2][1])
    assert doc.text.count("以上目标由局办公室负责督办。") == 1
    order = [doc.text.index(s) for s in ("发布日期", "为推进", "序号", GOALS[2][0], "督办")]
    assert order == sorted(order) and doc.text.endswith("督办。\n\n江苏省海洋与渔业局办公室")
    assert_offsets(doc)


def test_docx_word_numbering_becomes_heading_numbers(tmp_path: Path) -> None:
    """Headings numbered by Word (not typed) still give goals: 一、 rendered from numbering.xml."""
    document = docx.Document()
    document.add_paragraph("青岛市海洋发展局2020年工作要点")
    for title, content in GOALS:
        document.add_paragraph(title, style="List Number")
        document.add_paragraph(content)
    numbering = document.part.numbering_part.element
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for lvl in numbering.iter(f"{w}lvl"):  # make every list level "一、" (chineseCounting)
        lvl.find(f"{w}numFmt").set(f"{w}val", "chineseCounting")
        lvl.find(f"{w}lvlText").set(f"{w}val", "%1、")
    doc = parse_file(save(document, tmp_path / "numbered.docx"))
    assert "一、 建设海洋强市" in doc.text
    assert [(g.number, g.title, g.text) for g in doc.goals] == [
        (n, title, content) for n, (title, content) in enumerate(GOALS, start=1)
    ]


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = save(goals_docx(), tmp_path / "bomb.docx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", bytes(40 * 1024 * 1024))  # 40 MB of zeros, ~40 kB packed
    assert path.stat().st_size < 200_000
    one_line_error(path, "zip bomb")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "not a zip archive"),  # an old .doc renamed
        (b"PK\x05\x06" + bytes(18), "not a readable .docx"),  # an empty zip
    ],
)
def test_bad_docx_fail_with_one_line(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    one_line_error(path, match)


# ---------------------------------------------------------------- across formats


@pytest.mark.parametrize("suffix", [".html", ".txt", ".pdf", ".docx"])
def test_size_limit_is_checked_before_reading(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    path.write_bytes(b"<p>" + "大".encode() * 1000 + b"</p>")  # not even a valid PDF or DOCX: never parsed
    with pytest.raises(IngestError, match="over the 1,000-byte limit; raise it with --max-file-mb") as info:
        read_source(path, max_bytes=1000)
    assert "\n" not in str(info.value) and str(info.value).startswith(path.name)


@pytest.mark.parametrize("suffix", [".html", ".txt", ".pdf", ".docx"])
def test_every_reader_honours_the_limit_it_is_given(suffix: str) -> None:
    reader = reader_for(Path(f"x{suffix}"))
    with pytest.raises(IngestError, match="3,007 bytes is over the 3,006-byte limit"):
        reader(b"<p>" + "大".encode() * 1000 + b"</p>", f"x{suffix}", 3006)


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("推进海洋经济发展，建设海洋强市。".encode())
    assert read_source(path, max_bytes=path.stat().st_size).text.startswith("推进海洋经济")
    with pytest.raises(IngestError, match="over the"):
        read_source(path, max_bytes=path.stat().st_size - 1)


def test_folders_are_read_recursively_for_every_format(tmp_path: Path) -> None:
    for rel in ("a.txt", "web/b.HTML", "web/old/c.htm", "pdf/d.pdf", "word/e.docx", "skip/f.doc", "skip/g.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path]))
    assert found == ["a.txt", "pdf/d.pdf", "web/b.HTML", "web/old/c.htm", "word/e.docx"]
