"""Document metadata from the header of a cleaned text: title, issuer, date, source site."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.issuers import expand_issuer

_DATE = re.compile(r"(?:发布|印发|成文)?(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_ANY_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_SITE = re.compile(r"^(\S{2,20}?(?:政务网|政府网|门户网站|网站|网|在线|发布))(?:\s|$)")
_DOC_TYPE = re.compile(
    r"(目标|计划|方案|要点|意见|通知|办法|规划|纲要|报告|安排|任务|清单|措施|决定|细则|总结)"
    r"(?:[(（][^)）]*[)）])?$"
)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_ISSUER_PREFIX = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,8}?(?:省|市|县|区))?[\u4e00-\u9fff]{1,12}?"
    r"(?:局|委员会|委|厅|办公室|办|人民政府|政府|部|管委会|中心|院))(?=\d|关于|[\u4e00-\u9fff]*(?:年|目标|计划|要点))"
)
_HEADER_LINES = 15


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str | None
    issuer_mention: str | None
    published: str | None
    source_site: str | None


def find_metadata(text: str, body_start: int, fallback_title: str) -> Metadata:
    """Read metadata from the lines before ``body_start`` (the first goal)."""
    header = [line.strip() for line in text[:body_start].split("\n") if line.strip()][:_HEADER_LINES]
    title = _title(header) or fallback_title
    published, site = _date_and_site(header) if header else (None, None)
    mention = _issuer_mention(title)
    city = _city(site, text)
    issuer = expand_issuer(mention, city) if mention else None
    return Metadata(title=title, issuer=issuer, issuer_mention=mention, published=published, source_site=site)


def _title(header: list[str]) -> str | None:
    candidates = [line for line in header if 4 <= len(line) <= 80 and not _DATE.search(line)]
    scored = sorted(
        candidates,
        key=lambda line: (bool(_YEAR.search(line)) + bool(_DOC_TYPE.search(line)), len(line)),
        reverse=True,
    )
    return scored[0] if scored else None


def _date_and_site(header: list[str]) -> tuple[str | None, str | None]:
    for line in header:
        m = _DATE.search(line) or _ANY_DATE.search(line)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            site = _SITE.match(line[: m.start()].strip() + " ")
            return f"{y:04d}-{mo:02d}-{d:02d}", site.group(1) if site else None
    return None, None


def _issuer_mention(title: str) -> str | None:
    m = _ISSUER_PREFIX.match(title)
    return m.group(1) if m else None


_CITY = re.compile(r"([\u4e00-\u9fff]{2,3})市")


def _city(site: str | None, text: str) -> str | None:
    if site:
        m = re.match(r"^([\u4e00-\u9fff]{2,3}?)(?:市)?(?:政务网|政府网|门户)", site)
        if m:
            return m.group(1)
    counts: dict[str, int] = {}
    for m in _CITY.finditer(text):
        name = m.group(1).lstrip("我全本该")
        if len(name) >= 2:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None
