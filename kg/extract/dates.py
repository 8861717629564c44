"""Date expressions as printed (9月25日, 10月11日上午, 2009年, 2013年9月5日) and their values.

The year of a bare month-day comes from the issue date (``Document.date`` or ``--issue-date``) when one
is known; otherwise the value stays a month-day (``--09-25``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.model import DateValue

_NUM = r"(?:\d{1,4}|[〇零一二三四五六七八九十]{1,4})"


@lru_cache(maxsize=1)
def date_re() -> re.Pattern:
    return re.compile(
        rf"(?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年)?(?:(?P<m>{_NUM})月(?:(?P<d>{_NUM})[日号])?)"
        r"(?:上午|下午|晚上|晚|早上|中午|凌晨)?"
        rf"|(?P<y2>\d{{4}})年(?!代)"
    )


_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _num(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN for c in s):  # 二〇〇九
        return int("".join(str(_CN[c]) for c in s))
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN.get(a, 1) if a else 1) * 10 + (_CN.get(b, 0) if b else 0)
    if all(c in _CN for c in s):
        return int("".join(str(_CN[c]) for c in s))
    return None


def issue_year(date: str | None) -> int | None:
    if date and re.match(r"\d{4}-", date):
        return int(date[:4])
    return None


def find_dates(text: str, year: int | None = None) -> list[tuple[int, int, DateValue]]:
    """Every date expression in ``text``: (start, end, value); bare month-days take ``year``."""
    out = []
    for m in date_re().finditer(text):
        if m.group("y2"):
            out.append((m.start(), m.end(), DateValue(None, None, int(m.group("y2")))))
            continue
        month, day = _num(m.group("m")), _num(m.group("d"))
        if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        y = _num(m.group("y")) if m.group("y") else year
        out.append((m.start(), m.end(), DateValue(month, day, y)))
    return out
