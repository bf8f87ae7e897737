"""Which series a plan belongs to: its issuer, its kind and its year.

A bureau's annual plans carry different names from year to year (市科技局2016年度业务职能目标,
青岛市科学技术局2017年工作要点) but are one series: the same issuer (resolved as
``ingest.metadata`` resolves it) and the same kind, read from the title's last words. The year
is the title's (2016年度), else the publication date's.
"""

from __future__ import annotations

import re

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# The kind a title's ending names; the first that matches. Annual targets, key points, plans and
# arrangements of a year are one kind: the bureau's plan for that year.
_KINDS = (
    ("规划", re.compile(r"(规划|纲要)")),
    ("方案", re.compile(r"方案")),
    ("意见", re.compile(r"意见")),
    ("报告", re.compile(r"(报告|总结)")),
    ("年度计划", re.compile(r"(目标|要点|计划|安排|任务|清单|措施)")),
)


def plan_year(title: str, published: str | None) -> int | None:
    """The plan's year: the title's, else the publication date's.

    >>> plan_year("市科技局2016年度业务职能目标", "2016-11-02")
    2016
    >>> plan_year("工作要点", "2017-02-20")
    2017
    """
    m = _TITLE_YEAR.search(title)
    if m:
        return int(m.group(1))
    return int(published[:4]) if published and published[:4].isdigit() else None


def plan_kind(title: str) -> str | None:
    """The kind the title's ending names.

    >>> plan_kind("青岛市科学技术局2017年工作要点"), plan_kind("市科技局2016年度业务职能目标")
    ('年度计划', '年度计划')
    """
    ending = _TITLE_YEAR.split(title)[-1] or title
    for kind, pattern in _KINDS:
        if pattern.search(ending):
            return kind
    return None


def series_key(issuer: str | None, title: str) -> str | None:
    """The series' name, ``issuer kind``; None without an issuer or a kind."""
    kind = plan_kind(title)
    return f"{issuer} {kind}" if issuer and kind else None
