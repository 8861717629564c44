"""Stable, readable IRIs.

An entity's IRI depends only on its type and canonical name (its *key*), never on the order of
documents, so adding documents never changes the IRI of an entity already in the graph. Chinese stays
readable (IRIs allow it); everything outside IRI syntax is percent-encoded, so no name can break out of
``<...>`` in Turtle or SPARQL.
"""

from __future__ import annotations

import unicodedata

TYPE_SEGMENT = {
    "Person": "person",
    "Organization": "org",
    "Place": "place",
    "Event": "event",
}
_UNRESERVED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")


def entity_key(type_: str, name: str) -> str:
    """The identity of an entity: ``person/张三``. Link decides names; this decides the shape."""
    return f"{TYPE_SEGMENT[type_]}/{name}"


def encode_segment(text: str, keep: str = "") -> str:
    """Percent-encode ``text`` for use in an IRI path, keeping CJK letters and ``keep`` characters."""
    out = []
    for ch in text:
        if ch in _UNRESERVED or ch in keep or _is_ucschar(ch):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    return "".join(out)


def _is_ucschar(ch: str) -> bool:
    """RFC 3987 ucschar minus anything a reader could not see or that could confuse a parser."""
    cp = ord(ch)
    if cp < 0xA0 or 0xD800 <= cp <= 0xDFFF or 0xE000 <= cp <= 0xF8FF or 0xFDD0 <= cp <= 0xFDEF:
        return False
    if 0xFFF0 <= cp <= 0xFFFF or (cp & 0xFFFF) in (0xFFFE, 0xFFFF):  # RFC 3987 ranges stop at U+FFEF
        return False
    cat = unicodedata.category(ch)
    return cat[0] in "LNM" or cat in ("Pc", "Pd", "So")


def mint(base: str, key: str) -> str:
    """``base`` + the encoded ``key`` (slashes of the key kept as path separators).

    A segment of only dots (``.``, ``..``) is percent-encoded, so that no IRI normalisation can move a
    key out of its place (``doc/../x``) and two different keys never collapse into one IRI.
    """
    segments = [encode_segment(seg) for seg in key.split("/")]
    return base + "/".join(seg.replace(".", "%2E") if seg and set(seg) == {"."} else seg for seg in segments)


def article_key(doc_id: str, index: int) -> str:
    return f"article/{doc_id}/{index + 1}"


def caption_key(doc_id: str, index: int) -> str:
    return f"photo/{doc_id}/{index + 1}"


def document_key(doc_id: str) -> str:
    return f"doc/{doc_id}"
