"""Files and folders in, ``Document`` records out.

Text pages come in whatever encoding the archive used (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16);
JSONL corpora carry one document a line with metadata. A file that cannot be read is reported (file,
line, reason) and skipped; the other inputs are still processed. Nothing that decodes is altered: the
document keeps its text exactly as decoded, so that mention offsets can point into it.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import Document, Options, Warning_

TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_RE = re.compile(r"<\s*(html|body|div|p|br|script|table|span|head)\b[^>]*>", re.I)
_TURTLE_RE = re.compile(r"^\s*@prefix\s+\w*:\s*<[^>]*>\s*\.", re.M)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    files: int = 0
    bytes_read: int = 0


def sample_corpus() -> Path:
    """The sample page that ships with the project (``kg build`` with no input).

    It lives in ``corpus/`` at the top of a checkout, outside the code, and is packaged as ``kg/corpus``
    when installed from a wheel.
    """
    here = Path(__file__).resolve().parent
    for cand in (here / "corpus", here.parent / "corpus"):
        if cand.is_dir() and any(cand.glob("*.txt")):
            return cand
    raise InputError(
        f"{here.parent / 'corpus'}: the sample corpus is missing from this install; give INPUT files"
    )


def iter_files(inputs: Sequence[str | Path]) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for every input file, folders walked in sorted order."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
                    yield f, path
        elif path.is_file():
            yield path, path.parent
        elif not path.exists():
            raise InputError(f"{raw}: no such file or folder")
        else:
            raise InputError(f"{raw}: not a regular file or folder")


def decode(data: bytes, source: str) -> tuple[str, str, list[Warning_]]:
    """Decode a text file's bytes: BOM, then strict UTF-8, then GB18030, then charset-normalizer.

    Raises ``UnicodeError`` with a one-line reason when the bytes are not text in any encoding
    the contract names.
    """
    warnings: list[Warning_] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, warnings
            except UnicodeDecodeError as e:
                raise UnicodeError(
                    f"starts with a {enc} byte-order mark but is not valid {enc} (offset {e.start})"
                ) from e
    if _looks_binary(data):
        raise UnicodeError("binary data, not a text file")
    if b"\x00" in data[:65536]:  # ASCII in UTF-16 is also valid UTF-8, with a NUL every other byte
        utf16 = _sniff_bomless_utf16(data)
        if utf16:
            return _decode_utf16(data, utf16), utf16, warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # Latin-1/CP1252 bytes often pair up into valid but rare GB18030 characters: mojibake
        if _plausible_chinese(text):
            return text, "gb18030", warnings
    utf16 = _sniff_bomless_utf16(data)
    if utf16:
        return _decode_utf16(data, utf16), utf16, warnings
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if (
        best is not None
        and best.encoding
        and _is_cjk_friendly(best.encoding)
        and _plausible_chinese(str(best))
    ):
        text = str(best)
        warnings.append(Warning_(source, f"decoded as {best.encoding} by detection; check the text"))
        return text, best.encoding, warnings
    raise UnicodeError(f"not valid UTF-8 (first bad byte at offset {first_bad}), GB18030 or UTF-16")


def _is_cjk_friendly(encoding: str) -> bool:
    enc = encoding.lower().replace("-", "_")
    return any(k in enc for k in ("utf", "gb", "big5", "hz", "cp936", "euc", "iso2022", "shift_jis", "cp950"))


def _looks_binary(data: bytes) -> bool:
    """NUL-heavy or control-heavy data that has no BOM is binary (images, PDFs, archives)."""
    head = data[:65536]
    if not head:
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")):
        return True
    nul = head.count(0)
    ctrl = len(head) - len(head.translate(None, _CTRL_BYTES))
    if nul <= len(head) * 0.01 and ctrl <= len(head) * 0.1:
        return False  # most pages: no need to read the head as UTF-16 (a Python loop over 64 KB)
    return not _sniff_bomless_utf16(data)


#: the control bytes ``_looks_binary`` counts (NUL, and those that are not tab, newline or return)
_CTRL_BYTES = bytes([*range(9), *range(14, 32)])


def _sniff_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: one byte of each pair is mostly zero for ASCII text, or it reads as Chinese.

    Only the head is looked at (a 100 MB page costs no more than a small one). Any even-length
    run of lowercase ASCII decodes to CJK ideographs (``ca`` is U+6163), so CJK alone is not enough:
    the characters must be the common ones real Chinese text is made of.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:65536]
    even, odd = head[0::2], head[1::2]
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        try:
            text = codecs.getincrementaldecoder(enc)().decode(head, final=len(head) == len(data))
        except UnicodeDecodeError:
            continue
        if sum(1 for ch in text if ch < "\t" or "\r" < ch < " ") > len(text) * 0.05:
            continue  # zero-padded binary, not text
        if zeros.count(0) > len(zeros) * 0.3:
            return enc
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or ch in "\n\r 　，。")
        if cjk > len(text) * 0.6 and _plausible_chinese(text):
            return enc
    return None


def _decode_utf16(data: bytes, enc: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        raise UnicodeError(
            f"reads as {enc} without a byte-order mark but is not valid (offset {e.start})"
        ) from e


def _is_common_hanzi(ch: str) -> bool:
    """CJK punctuation, or a hanzi of GB2312 (simplified) or Big5 level 1 (traditional).

    That is what newspapers are mostly made of; mojibake is mostly rare hanzi and symbols.
    """
    if ch in "“”‘’—…·" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
        return True
    if not "\u4e00" <= ch <= "\u9fff":
        return False
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return b"\xa4\x40" <= ch.encode("big5") < b"\xc6\x7f"
    except UnicodeEncodeError:
        return False


def _plausible_chinese(text: str, sample: int = 20000) -> bool:
    """Most non-ASCII characters of real Chinese text are common hanzi (GB2312 or Big5 level 1).

    Mojibake (Latin-1 read as GB18030, ASCII read as UTF-16) lands mostly outside them. Rare name
    characters and symbols are allowed up to 40%.
    """
    wide = [ch for ch in text[:sample] if ord(ch) > 0x7F]
    if not wide:
        return True
    return sum(1 for ch in wide if _is_common_hanzi(ch)) >= 0.6 * len(wide)


def _content_warnings(text: str, source: str, line: int | None = None) -> list[Warning_]:
    out = []
    if "\x00" in text:
        out.append(Warning_(source, "contains NUL bytes; read as spaces", line))
    if _HTML_RE.search(text[:100000]):
        out.append(Warning_(source, "looks like HTML; processed as plain text, markup kept as text", line))
    if _TURTLE_RE.search(text[:100000]):
        out.append(Warning_(source, "looks like Turtle/RDF; processed as plain text", line))
    return out


def _doc_id(file: Path, root: Path) -> str:
    try:
        rel = file.relative_to(root)
    except ValueError:
        rel = Path(file.name)
    return _path_text(rel.with_suffix("").as_posix())


def _path_text(path: str | Path) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates) become U+FFFD.

    Without this a page named in another encoding could be read but its name could not be written.
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_text_file(file: Path, doc_id: str, options: Options) -> tuple[list[Document], list[Warning_]]:
    source = _path_text(file)
    data = file.read_bytes()
    if not data.strip():
        return [], [Warning_(source, "empty file, nothing to read")]
    try:
        text, enc, warnings = decode(data, source)
    except UnicodeError as e:
        return [], [Warning_(source, f"cannot decode: {e}")]
    if not text.strip():
        return [], warnings + [Warning_(source, "no text after decoding")]
    warnings += _content_warnings(text, source)
    doc = Document(id=doc_id, text=text, source=source, encoding=enc, date=options.issue_date)
    return [doc], warnings


def read_jsonl_file(file: Path, id_prefix: str, options: Options) -> tuple[list[Document], list[Warning_]]:
    source = _path_text(file)
    docs: list[Document] = []
    warnings: list[Warning_] = []
    data = file.read_bytes()
    try:
        content, _enc, dw = decode(data, source)
    except UnicodeError as e:
        return [], [Warning_(source, f"cannot decode: {e}")]
    warnings += dw
    if not content.strip():
        return [], warnings + [Warning_(source, "empty file, nothing to read")]
    # only "\n" ends a JSONL line: str.splitlines would also split at U+2028, U+0085, \x1c…, which
    # JSON strings may hold raw, and so cut a document in two and shift every later line number
    for n, raw in enumerate(content.split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            warnings.append(
                Warning_(source, f"malformed JSON ({e.msg} at column {e.colno}); line skipped", n)
            )
            continue
        if not isinstance(obj, dict):
            warnings.append(
                Warning_(source, "a JSONL line must be an object with 'id' and 'text'; line skipped", n)
            )
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            warnings.append(Warning_(source, "no 'text' string field; line skipped", n))
            continue
        if not text.strip():
            warnings.append(Warning_(source, "empty 'text'; line skipped", n))
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if raw_id is not None and str(raw_id).strip() else f"{id_prefix}:{n}"
        date = obj.get("date")
        if date is not None and not (isinstance(date, str) and _DATE_RE.match(date)):
            warnings.append(Warning_(source, f"'date' {date!r} is not YYYY-MM-DD; ignored", n))
            date = None
        text, bad = _replace_lone_surrogates(text)
        if bad:
            warnings.append(
                Warning_(source, f"{bad} lone surrogate escape(s) in 'text' (not Unicode); read as U+FFFD", n)
            )
        doc_id = _replace_lone_surrogates(doc_id)[0]
        warnings += _content_warnings(text, source, n)
        docs.append(
            Document(
                id=doc_id,
                text=text,
                source=source,
                line=n,
                encoding="utf-8",
                date=date or options.issue_date,
                newspaper=_opt_str(obj.get("newspaper")),
                page=_opt_str(obj.get("page")),
                title=_opt_str(obj.get("title")),
            )
        )
    return docs, warnings


def _opt_str(v: object) -> str | None:
    return None if v is None else _replace_lone_surrogates(str(v))[0]


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(text: str) -> tuple[str, int]:
    """JSON may escape half a UTF-16 pair (``"\\ud800"``); no output file could encode it.

    Each one becomes U+FFFD, one character for one, so that offsets into the text stay valid.
    """
    return _SURROGATE_RE.subn("\ufffd", text)


def read_inputs(inputs: Sequence[str | Path], options: Options) -> Corpus:
    """Read every input into documents, in a deterministic order, with warnings for what was skipped.

    Duplicate document ids are made unique by appending ``~2``, ``~3`` … in input order (with a
    warning), so that every document is kept and IRIs stay stable for the first one.
    """
    corpus = Corpus()
    corpus.documents.extend(iter_documents(inputs, options, corpus))
    return corpus


def iter_documents(
    inputs: Sequence[str | Path], options: Options, corpus: Corpus | None = None
) -> Iterator[Document]:
    """``read_inputs`` one file at a time, so that a large corpus never sits in memory whole.

    Warnings and file/byte counts go into ``corpus`` as they are found (its ``documents`` stay empty).
    """
    corpus = corpus if corpus is not None else Corpus()
    if not inputs:
        inputs = [sample_corpus()]
    seen: dict[str, int] = {}
    for file, root in iter_files(inputs):
        corpus.files += 1
        try:
            corpus.bytes_read += file.stat().st_size
            if file.suffix.lower() in JSONL_SUFFIXES:
                docs, warns = read_jsonl_file(file, _doc_id(file, root), options)
            else:
                docs, warns = read_text_file(file, _doc_id(file, root), options)
        except OSError as e:
            corpus.warnings.append(Warning_(str(file), f"cannot read: {e.strerror or e}"))
            continue
        corpus.warnings.extend(warns)
        for doc in docs:
            if doc.id in seen:
                seen[doc.id] += 1
                new_id = f"{doc.id}~{seen[doc.id]}"
                corpus.warnings.append(
                    Warning_(doc.source, f"duplicate document id {doc.id!r}; kept as {new_id!r}", doc.line)
                )
                doc = Document(**{**doc.__dict__, "id": new_id})
            else:
                seen[doc.id] = 1
            yield doc
