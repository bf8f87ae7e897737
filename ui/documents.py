"""Documents: what the corpus holds, upload to ingest more (with progress and clear errors), and
removal of a document (after a confirmation).

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


def ingest_uploads(
    settings: Settings, files: list[tuple[str, bytes]], progress: Callable[[int, int, str], None] | None = None
) -> IngestReport:
    """Ingest uploaded (name, bytes) files into the store with a writable corpus held only meanwhile."""
    with tempfile.TemporaryDirectory(prefix="policykg-upload-") as folder:
        paths, refused = [], []
        limit = settings.max_file_bytes
        for name, content in files:
            try:
                path = upload_path(Path(folder), name)  # the file name becomes the document id
                refuse_upload(path.name, len(content), limit)
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


def refuse_upload(name: str, size: int, limit: int) -> None:
    """Raise ``IngestError`` for a file ingest would refuse, before it is written: an unknown
    type or a size over the ingest limit (the same limit as ``policykg ingest``)."""
    suffix = Path(name).suffix.lower()
    if suffix not in supported_suffixes():
        raise IngestError(
            f"{name}: unsupported file type {suffix or '(none)'} 不支持的文件类型; "
            f"use one of {', '.join(supported_suffixes())}"
        )
    if size > limit:
        raise IngestError(
            f"{name}: {size / 2**20:.1f} MB is over the file size limit of {limit / 2**20:g} MB 超过文件大小上限 "
            "(POLICYKG_MAX_FILE_MB)"
        )


def page() -> None:
    st.title("文件 · Documents")
    settings = common.settings()
    _upload(settings)
    if removed := st.session_state.pop("removed", None):
        st.success(f"已删除 Removed {escape(removed)}")
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
        _remove(settings, [d.id for d in docs])


def _remove(settings: Settings, ids: list[str]) -> None:
    """Remove a document from the graph and the search index (``Corpus.remove``, as
    ``policykg remove``), after the user confirms."""
    st.subheader("删除 Remove a document")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        doc_id = st.selectbox("文件 Document", ids, index=None, placeholder="选择 Choose…", key="remove-id", width=420)
        if st.button("删除… Remove…", disabled=doc_id is None, icon=":material/delete:"):
            st.session_state["remove-pending"] = doc_id
    pending = st.session_state.get("remove-pending")
    if pending is None or pending not in ids:
        return
    st.warning(
        f"删除「{escape(pending)}」及其全部目标和检索段落？Remove {escape(pending)}, its goals and its passages? "
        "此操作不可撤销 This cannot be undone",
        icon="⚠️",
    )
    with st.container(horizontal=True):
        confirm = st.button("确认删除 Confirm removal", type="primary", key="remove-confirm")
        if st.button("取消 Cancel", key="remove-cancel"):
            st.session_state.pop("remove-pending", None)
            st.rerun()
    if not confirm:
        return
    st.session_state.pop("remove-pending", None)
    try:
        with Corpus.open(settings, write=True) as corpus:
            removed = corpus.remove(pending)
    except PolicyKGError as exc:
        common.stop_with(exc)
    common.refresh()
    st.session_state["removed"] = pending if removed else None
    st.rerun()


def _upload(settings: Settings) -> None:
    suffixes = ", ".join(supported_suffixes())
    limit = f"{settings.max_file_bytes / 2**20:g} MB"
    with st.form("upload", clear_on_submit=True, border=True):
        st.subheader("导入 Ingest")
        # No type filter here: a file of another type is refused with its reason, not dropped unseen.
        files = st.file_uploader(
            f"上传文件 Upload files ({suffixes}; UTF-8 / GB18030 / GBK; 每个文件至多 at most {limit} per file)",
            accept_multiple_files=True,
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
