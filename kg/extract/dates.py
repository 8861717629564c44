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


def parse_iso(date: str | None) -> DateValue | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``) as a value; None for anything else."""
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", date or "")
    if not m:
        return None
    day = int(m.group(3)) if m.group(3) else None
    return DateValue(int(m.group(2)), day, int(m.group(1)))


#: a day without its month (15日在长沙举行): digits not after a month, a number or 第
_BARE_DAY_RE = re.compile(
    r"(?<![\d月年第.至到~～—－-])([1-9]|[12]\d|3[01])日(?:上午|下午|晚上|晚|早上|中午|凌晨)?(?![\d元期游])"
)


def _bare_day(day: int, ref: DateValue) -> DateValue:
    """The month a bare day lies in, seen from ``ref`` (the dateline or the issue date).

    News reports what happened up to a few days before; a day well after the reference day is last
    month's (an issue of 6月3日 reporting 28日), a day up to a week after it is announced ahead.
    """
    month, year = ref.month, ref.year
    if ref.day is not None and day > ref.day + 7 and month is not None:
        month -= 1
        if month == 0:
            month, year = 12, (year - 1 if year is not None else None)
    return DateValue(month, day, year)


def find_dates(
    text: str, year: int | None = None, ref: DateValue | None = None
) -> list[tuple[int, int, DateValue]]:
    """Every date expression in ``text``: (start, end, value); bare month-days take ``year``.

    With a reference date (``ref``: the article's dateline, else the issue date), a bare day (15日)
    is a date of the reference's month.
    """
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
    if ref is not None and ref.month is not None:
        taken = [(a, b) for a, b, _ in out]
        for m in _BARE_DAY_RE.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append((m.start(), m.end(), _bare_day(int(m.group(1)), ref)))
        for m in _THIS_MONTH_RE.finditer(
            text
        ):  # 本月28日, 上月30日: the reference's month, or the one before
            day = int(m.group(2))
            if 1 <= day <= 31 and not any(a <= m.start() < b for a, b in taken):
                month, y = ref.month - (m.group(1) == "上"), ref.year
                if month == 0:
                    month, y = 12, (y - 1 if y is not None else None)
                out.append((m.start(), m.end(), DateValue(month, day, y)))
        if ref.day is not None:
            for m in _RELATIVE_RE.finditer(text):
                if not any(a <= m.start() < b for a, b in taken):
                    out.append((m.start(), m.end(), _days_before(ref, _RELATIVE[m.group(1)])))
        out.sort(key=lambda x: x[0])
    return out


_THIS_MONTH_RE = re.compile(r"([本上])月(\d{1,2})日(?:上午|下午|晚上|晚|早上|中午|凌晨)?")
#: relative day words and how many days before the reference date they lie (本报X月Y日讯 … 昨天)
_RELATIVE = {"昨天": 1, "昨日": 1, "前天": 2, "今天": 0}
_RELATIVE_RE = re.compile(r"(昨天|昨日|前天|今天)(?:上午|下午|晚上|晚|早上|中午|凌晨)?")


def _days_before(ref: DateValue, days: int) -> DateValue:
    """``ref`` minus ``days`` days (a year-less reference is counted in a leap year: 3月1日 - 1 = 2月29日)."""
    import datetime

    assert ref.month is not None and ref.day is not None
    try:
        d = datetime.date(ref.year or 2000, ref.month, ref.day) - datetime.timedelta(days=days)
    except ValueError:
        return DateValue(ref.month, ref.day, ref.year)
    return DateValue(d.month, d.day, d.year if ref.year is not None else None)
