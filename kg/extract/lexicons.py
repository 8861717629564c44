"""Generic word lists (kg/resources/lexicons) and the regular expressions built from them, once.

Everything here is general knowledge of Chinese news text: family names, role words, organisation
suffixes, event head nouns. No list holds the name of any particular person, body or event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "lexicons"
HAN = "\u4e00-\u9fff\u3400-\u4dbf"


#: a prize a contest gives (第一名, 二等奖, 冠军, 金奖): what a win names and a prize list opens with
PRIZES = r"(?:第[一二三四五六七八九十\d]+名|[一二三特]等奖|冠军|亚军|季军|金奖|银奖|铜奖|优胜奖)"


def _lines(name: str) -> list[str]:
    out = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _words(name: str) -> list[str]:
    return [w for line in _lines(name) for w in line.split()]


def alternation(words) -> str:
    """A regex alternation, longest words first so that the longest match wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class OrgSuffix:
    suffix: str
    kind: str
    place_bound: bool  # P: only right after a place (县政府, 人民政府)
    needs_body: bool  # B: 公司 alone names nothing
    subunit: bool  # U: may follow another organisation (公司工会, 总公司第二分公司)
    placed: bool = False  # G: only as place + body + suffix (区卫生健康局, 县扶贫办)
    attached: bool = False  # S: only as a sub-unit right after its body (供电局输电管理所, 所带电作业班)


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    words = _words("surnames.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@lru_cache(maxsize=1)
def common_surnames() -> frozenset[str]:
    """The 100 most frequent family names (surnames.txt is ordered by frequency): most people bear one."""
    return frozenset(_lines("surnames.txt")[0].split()[:100])


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """The words of names without a family name: Tibetan, Mongolian, Uyghur (次仁, 巴特尔, 古丽扎尔)."""
    return frozenset(_words("name_words.txt"))


@lru_cache(maxsize=1)
def roles() -> dict[str, str]:
    """role word -> flag: H heads the body, M member, W worker/staff, A honour title, - no relation."""
    out = {}
    for line in _lines("roles.tsv"):
        parts = line.split("\t")
        out[parts[0]] = parts[1] if len(parts) > 1 else "M"
    return out


@lru_cache(maxsize=1)
def org_suffixes() -> dict[str, OrgSuffix]:
    out = {}
    for line in _lines("org_suffixes.tsv"):
        parts = line.split("\t") + ["", ""]
        suf, kind, flags = parts[0], parts[1], parts[2]
        out[suf] = OrgSuffix(suf, kind, "P" in flags, "B" in flags, "U" in flags, "G" in flags, "S" in flags)
    # short forms of government bodies end a name like a suffix (市卫健委, X县人社局, 县纪委)
    for short in gov_abbreviations():
        out.setdefault(short, OrgSuffix(short, "government", False, False, False))
    return out


@lru_cache(maxsize=1)
def gov_abbreviations() -> dict[str, str]:
    """Standard short form of a government body -> its full name (人社局 -> 人力资源和社会保障局)."""
    return dict(tuple(line.split("\t")[:2]) for line in _lines("gov_abbreviations.tsv"))


@lru_cache(maxsize=1)
def stop_bodies() -> frozenset[str]:
    return frozenset(_words("stop_bodies.txt"))


@lru_cache(maxsize=1)
def national_bodies() -> dict[str, str]:
    return dict(tuple(line.split("\t")[:2]) for line in _lines("national_bodies.tsv"))


@lru_cache(maxsize=1)
def event_nouns() -> tuple[str, ...]:
    return tuple(sorted(set(_words("event_nouns.txt")), key=lambda w: (-len(w), w)))


#: head nouns of gatherings (a meeting, a contest, a class, a ceremony, a fair): one such head, one
#: organiser and one date in an article name one event (X工作推进会 / 全市Y工作推进会)
_GATHERING_END = ("会", "赛", "班", "式", "礼", "坛", "节", "展", "演", "讲座")


def gathering_head(name: str) -> str | None:
    """The longest event noun ``name`` ends with when it names a gathering (推进会, 篮球赛), else None
    (活动, 慰问, 捐款 are kinds of deed, too wide to tell two events apart)."""
    head = next((n for n in event_nouns() if name.endswith(n)), None)
    return head if head is not None and head.endswith(_GATHERING_END) else None


#: inspections: one organiser and one date in an article name one (冬季燃气安全大检查 / 燃气安全专项检查)
_INSPECTIONS = ("检查", "排查", "督查", "巡查")


def campaign_head(name: str) -> str | None:
    """A gathering's head noun (``gathering_head``), or the kind of inspection ``name`` ends with."""
    return gathering_head(name) or next((h for h in _INSPECTIONS if name.endswith(h)), None)


@lru_cache(maxsize=1)
def suffix_re() -> re.Pattern:
    return re.compile(alternation(list(org_suffixes()) + list(national_bodies())))


@lru_cache(maxsize=1)
def role_re() -> re.Pattern:
    return re.compile(alternation(roles()))


@lru_cache(maxsize=1)
def surname_re() -> str:
    single, compound = surnames()
    return "(?:" + alternation(compound) + "|[" + "".join(sorted(single)) + "])"
