"""``lazydict.file_digests``: sha256 of files, big ones remembered by path, size, mtime and inode."""

from __future__ import annotations

import hashlib
import os

from kg import cache
from kg.extract import lazydict


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def test_digests_are_the_files_sha256_and_big_ones_are_remembered(tmp_path):
    store = tmp_path / "store"
    big = tmp_path / "big.bin"
    small = tmp_path / "small.txt"
    big.write_bytes(b"x" * lazydict.DIGEST_MIN_SIZE)
    small.write_bytes(b"tiny")
    assert lazydict.file_digests([big, small], [store]) == [_sha(big.read_bytes()), _sha(b"tiny")]
    saved = (store / lazydict._DIGESTS_FILE).read_text(encoding="utf-8")
    assert str(big) in saved and str(small) not in saved  # only the big file's digest is kept
    # a remembered digest is used as long as the file's size, mtime and inode are the same ...
    fake = saved.replace(_sha(big.read_bytes()).hex(), "00" * 32)
    (store / lazydict._DIGESTS_FILE).write_text(fake, encoding="utf-8")
    assert lazydict.file_digests([big], [store]) == [bytes(32)]
    # ... and the file is hashed again once it changed
    big.write_bytes(b"y" * lazydict.DIGEST_MIN_SIZE)
    st = big.stat()
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert lazydict.file_digests([big], [store]) == [_sha(big.read_bytes())]


def test_a_broken_store_is_ignored(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / lazydict._DIGESTS_FILE).write_text("{not json", encoding="utf-8")
    big = tmp_path / "big.bin"
    big.write_bytes(b"z" * (lazydict.DIGEST_MIN_SIZE + 1))
    assert lazydict.file_digests([big], [store]) == [_sha(big.read_bytes())]
    assert lazydict.file_digests([big], [tmp_path / "missing" / "dir"]) == [_sha(big.read_bytes())]


def test_jieba_version_is_the_installed_distribution_s():
    import importlib.metadata

    assert cache._jieba_version() == importlib.metadata.version("jieba")
