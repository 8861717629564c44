"""``kg.normalize.LazyPattern``: compiled on first use, then the compiled pattern's own methods."""

import re

import pytest

from kg.normalize import LazyPattern


def test_lazy_pattern_matches_like_the_compiled_one():
    source = r"(?P<who>[\u4e00-\u9fff]{2,4})[ ]*摄影?$"
    lazy, compiled = LazyPattern(source), re.compile(source)
    text = "图为会场。王小明 摄"
    assert lazy.search(text).span() == compiled.search(text).span()
    assert lazy.search(text)["who"] == "王小明"
    assert lazy.match(text) is None and compiled.match(text) is None
    assert lazy.fullmatch(text, 5).group() == compiled.fullmatch(text, 5).group() == "王小明 摄"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.pattern == source


def test_lazy_pattern_compiles_only_when_used():
    broken = LazyPattern("[unclosed")  # no error yet: nothing compiled
    with pytest.raises(re.error):
        broken.search("x")
    flagged = LazyPattern("abc", re.IGNORECASE)
    assert flagged.search("xABC").span() == (1, 4)
    assert "search" in vars(flagged)  # later calls go straight to the compiled pattern's method
