"""``gazetteer.load`` reads its cache file when there is one: the same gazetteer, dicts in the same order."""

from __future__ import annotations

import marshal

from kg import gazetteer
from kg.extract import lazydict


def _same(a: gazetteer.Gazetteer, b: gazetteer.Gazetteer) -> bool:
    return a == b and all(
        list(getattr(a, f)) == list(getattr(b, f)) for f in ("by_code", "by_name", "short", "renamed")
    )


def test_the_cached_gazetteer_is_the_one_read_from_the_data(tmp_path, monkeypatch):
    monkeypatch.setattr(lazydict, "cache_dirs", lambda: [tmp_path])
    gazetteer.load.cache_clear()
    try:
        read = gazetteer._read()
        first = gazetteer.load()  # read from the data files, then cached
        files = list(tmp_path.glob("gazetteer-*.marshal"))
        assert len(files) == 1
        gazetteer.load.cache_clear()
        again = gazetteer.load()  # from the cache file
        assert again is not first and _same(first, read) and _same(again, read)
        assert again.lookup("沁阳") == read.lookup("沁阳") and again.lookup("沁阳") is not None
        # a file whose key is not this data's is not used (the data is read again)
        key, *rest = marshal.loads(files[0].read_bytes())
        divisions = [(code, name + "X", level) for code, name, level in rest[0]]
        files[0].write_bytes(marshal.dumps(("another key", divisions, *rest[1:])))
        gazetteer.load.cache_clear()
        assert _same(gazetteer.load(), read)
        assert marshal.loads(files[0].read_bytes())[0] == key  # and cached anew
    finally:
        gazetteer.load.cache_clear()
