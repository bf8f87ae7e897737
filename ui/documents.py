"""Documents: what the corpus holds, and upload to ingest more (with progress and clear errors).

The store has one writer: a writable corpus is opened only while the upload is ingested; a file
that fails is reported and leaves the corpus as it was (each document is one transaction).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import streamlit as st

from ingest.formats import supported_suffixes
from policykg.corpus import Corpus, IngestReport
from policykg.errors import IngestError, PolicyKGError
from policykg.settings import Settings
from ui import common, data, nav
from ui.text import escape

UPLOAD_TYPES = ["txt", "html", "htm", "pdf", "docx"]


def ingest_uploads(
    settings: Settings, files: list[tuple[str, bytes]], progress: Callable[[int, int, str], None] | None = None
) -> IngestReport:
    """Ingest uploaded (name, bytes) files into the store with a writable corpus held only meanwhile."""
    with tempfile.TemporaryDirectory(prefix="policykg-upload-") as folder:
        paths, refused = [], []
        for name, content in files:
            try:
                path = upload_path(Path(folder), name)  # the file name becomes the document id
            except IngestError as exc:
                refused.append((name, str(exc)))
                continue
            path.write_bytes(content)
            paths.append(path)

        def tick(found: list[Path]) -> Iterator[Path]:
            for i, path in enumerate(found):
                if progress:
                    progress(i, len(found), path.name)
                yield path
            if progress:
                progress(len(found), len(found), "")

        with Corpus.open(settings, write=True) as corpus:
            report = corpus.ingest(paths, progress=tick)
    # Report names without the temporary folder.
    report.added = [Path(p).name for p in report.added]
    report.updated = [Path(p).name for p in report.updated]
    report.unchanged = [Path(p).name for p in report.unchanged]
    report.failed = [(Path(p).name, message.replace(folder + "/", "")) for p, message in report.failed] + refused
    return report


def upload_path(folder: Path, name: str) -> Path:
    r"""Where an uploaded file is written: its base name inside ``folder``, never anywhere else.

    >>> upload_path(Path("/up"), "../../etc/plan.txt"), upload_path(Path("/up"), "a\\..\\b.txt")
    (PosixPath('/up/plan.txt'), PosixPath('/up/b.txt'))
    """
    base = Path(name.replace("\\", "/")).name
    if base in ("", ".", "..") or "\x00" in base:
        raise IngestError(f"{name!r}: not a usable file name")
    return folder / base


def page() -> None:
    st.title("文件 · Documents")
    settings = common.settings()
    _upload(settings)
    corpus = common.corpus()
    docs = data.documents(corpus.store)
    st.subheader(f"语料 Corpus ({len(docs)})")
    stats = corpus.stats()
    st.caption(" · ".join(f"{v} {k}" for k, v in stats.items() if k != "quads"))
    if docs:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "文件 id": d.id,
                        "标题 title": d.title,
                        "发文机关 issuer": d.issuer,
                        "日期 date": d.issued,
                        "来源 file": d.source,
                        "目标 goals": d.goals,
                    }
                    for d in docs
                ]
            ),
            hide_index=True,
        )
        for d in docs:
            nav.link("browse", d.title, {"document": d.id}, icon=":material/description:")


def _upload(settings: Settings) -> None:
    suffixes = ", ".join(s for s in supported_suffixes() if s.lstrip(".") in UPLOAD_TYPES)
    with st.form("upload", clear_on_submit=True, border=True):
        st.subheader("导入 Ingest")
        files = st.file_uploader(
            f"上传文件 Upload files ({suffixes}; UTF-8 / GB18030 / GBK)", type=UPLOAD_TYPES, accept_multiple_files=True
        )
        submitted = st.form_submit_button("导入 Ingest", type="primary", icon=":material/upload:")
    if not submitted or not files:
        _last_report()
        return
    bar = st.progress(0.0, text="导入中 Ingesting…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"{done}/{total} {name}")

    try:
        report = ingest_uploads(settings, [(f.name, f.getvalue()) for f in files], progress)
    except PolicyKGError as exc:
        bar.empty()
        common.stop_with(exc)
    bar.empty()
    if report.added or report.updated:
        common.refresh()
    st.session_state["ingest-report"] = report
    _last_report()


def _last_report() -> None:
    report: IngestReport | None = st.session_state.get("ingest-report")
    if report is None:
        return
    if report.added or report.updated or report.unchanged:
        names = "、".join(escape(n) for n in report.added + report.updated + report.unchanged)
        st.success(f"{report.summary()} · {names}")
    for _, message in report.failed:
        st.error(f"{escape(message)} — 语料未改变 the corpus is unchanged", icon="⚠️")
