"""Is this PDF safe to keep? A small tokenizer, not a PDF library: it finds every name the way a
reader does (``#xx`` escapes decoded, never inside strings or comments), looks inside compressed
object streams (where a dictionary with /JavaScript may hide), and refuses what it cannot read.

- Names are collected from the whole file except the data of streams whose extent it can verify
  (``/Length``, direct or an indirect object, followed by ``endstream``). The data of a stream it
  cannot verify is searched for names as plain bytes (conservative: a false alarm, never a miss).
- Object streams (``/Type /ObjStm``) are inflated (FlateDecode only, bounded) and tokenized too;
  any other filter, a predictor or encryption (``/Encrypt``) means the file cannot be checked and
  is refused.
- Active content is refused: JavaScript, actions that launch, submit, import or go to other files,
  embedded files and attachments, rich media, XFA forms and additional actions (/AA). A plain
  /OpenAction (e.g. "open at page 1") is allowed; one that runs JavaScript has a /JS.
- HTML anywhere in the raw bytes is refused (a browser sniffing the file must never see a page).
"""

from __future__ import annotations

import re
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DENIED_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"SubmitForm",
        b"ImportData",
        b"GoToR",
        b"GoToE",
        b"Rendition",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"FileAttachment",
        b"RichMedia",
        b"XFA",
        b"AA",
    }
)
FILTERS_WE_READ = frozenset({b"FlateDecode"})
ALL_FILTERS = frozenset(
    {
        b"FlateDecode", b"Fl", b"LZWDecode", b"LZW", b"ASCIIHexDecode", b"AHx",
        b"ASCII85Decode", b"A85", b"RunLengthDecode", b"RL", b"CCITTFaxDecode", b"CCF",
        b"JBIG2Decode", b"DCTDecode", b"DCT", b"JPXDecode", b"Crypt",
    }
)  # fmt: skip
_WATCHED = DENIED_NAMES | {b"Encrypt"}
# The names of a stream's dictionary that decide how it is read.
_HEADER_NAMES = ALL_FILTERS | {b"Length", b"ObjStm", b"DecodeParms"}
MAX_INFLATED = 20 * 1024 * 1024  # bytes inflated from object streams, per file

HTML_MARKERS = re.compile(rb"<\s*(?:html|script|!doctype|body|iframe|svg)\b", re.IGNORECASE)

_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"()<>\[\]{}/%"
_REGULAR = rb"[^" + _WS + _DELIM + rb"]"
_TOKEN = re.compile(
    rb"(?P<comment>%[^\r\n]*)"
    rb"|(?P<string>\()"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?<!" + _REGULAR + rb")(?P<kw>obj|stream)(?!" + _REGULAR + rb")"
)
_PLAIN_NAME = re.compile(rb"/" + _REGULAR + rb"*")
_STRING_CHARS = re.compile(rb"[()\\]")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_DIRECT_LENGTH = re.compile(rb"[" + _WS + rb"]*(\d{1,10})(?!\d)")
_INDIRECT_LENGTH = re.compile(
    rb"[" + _WS + rb"]*(\d{1,10})[" + _WS + rb"]+(\d{1,5})[" + _WS + rb"]+R(?!" + _REGULAR + rb")"
)
_STREAM_EOL = re.compile(rb"[ \t]*(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"[" + _WS + rb"]*endstream")


class Unreadable(Exception):
    """The file uses something this checker cannot look inside."""


def _decode_name(token: bytes) -> bytes:
    if b"#" not in token:
        return token[1:]
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token[1:])


def _skip_string(data: bytes, pos: int) -> int:
    """``pos`` is just after "("; the index after the balancing ")" (or the end)."""
    depth = 1
    while depth:
        match = _STRING_CHARS.search(data, pos)
        if match is None:
            return len(data)
        char, pos = match.group(), match.end()
        if char == b"\\":
            pos += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
    return pos


_INT_OBJECT = re.compile(
    rb"(?<!\d)(\d{1,10})[" + _WS + rb"]+(\d{1,5})[" + _WS + rb"]+obj[" + _WS + rb"]*"
    rb"(\d{1,10})[" + _WS + rb"]*endobj"
)


class _Scanner:
    def __init__(self, root: bytes):
        self.root = root
        self.budget = MAX_INFLATED
        self._int_objects: dict[tuple[int, int], int] | None = None

    def int_object(self, number: bytes, generation: bytes) -> int | None:
        if self._int_objects is None:  # the last definition wins (incremental updates)
            self._int_objects = {
                (int(m.group(1)), int(m.group(2))): int(m.group(3))
                for m in _INT_OBJECT.finditer(self.root)
            }
        return self._int_objects.get((int(number), int(generation)))

    def length(self, data: bytes, header: list[tuple[bytes, int]]) -> int | None:
        """The stream's /Length, when it is a number or an indirect object holding one."""
        for name, end in reversed(header):
            if name != b"Length":
                continue
            indirect = _INDIRECT_LENGTH.match(data, end)
            if indirect:
                return self.int_object(indirect.group(1), indirect.group(2))
            direct = _DIRECT_LENGTH.match(data, end)
            return int(direct.group(1)) if direct else None
        return None

    def names(self, data: bytes, nested: bool = False) -> set[bytes]:
        names: set[bytes] = set()
        header: list[tuple[bytes, int]] = []  # names since the last "obj", with their end
        pos = 0
        while True:
            match = _TOKEN.search(data, pos)
            if match is None:
                return names
            pos = match.end()
            kind = match.lastgroup
            if kind == "string":
                pos = _skip_string(data, pos)
            elif kind == "name":
                name = _decode_name(match.group())
                if name in _WATCHED:
                    names.add(name)
                if name in _HEADER_NAMES:
                    header.append((name, pos))
            elif kind == "kw" and match.group() == b"obj":
                header = []
            elif kind == "kw":  # stream
                if nested:
                    raise Unreadable("a stream inside an object stream")
                eol = _STREAM_EOL.match(data, pos)
                if eol is None:
                    continue
                start = eol.end()
                length = self.length(data, header)
                end = start + length if length is not None else None
                if end is None or end > len(data) or not _ENDSTREAM.match(data, end):
                    # Unverified extent: search its bytes for names too, go on after it.
                    stop = data.find(b"endstream", start)
                    stop = len(data) if stop < 0 else stop
                    for token in _PLAIN_NAME.finditer(data, start, stop):
                        if (name := _decode_name(token.group())) in _WATCHED:
                            names.add(name)
                    end = stop
                header_names = {name for name, _ in header}
                if b"ObjStm" in header_names:
                    names.update(self.object_stream_names(data[start:end], header_names))
                header = []
                pos = end

    def object_stream_names(self, raw: bytes, header_names: set[bytes]) -> set[bytes]:
        filters = header_names & ALL_FILTERS
        if not filters <= FILTERS_WE_READ or b"DecodeParms" in header_names:
            raise Unreadable("object stream with a filter we do not read")
        if filters:
            inflater = zlib.decompressobj()
            try:
                raw = inflater.decompress(raw, self.budget + 1)
            except zlib.error:
                raise Unreadable("broken object stream") from None
            if len(raw) > self.budget or inflater.unconsumed_tail:
                raise Unreadable("object streams too large")
            self.budget -= len(raw)
        return self.names(raw, nested=True)


def check_pdf(raw: bytes, name: str) -> None:
    """Raise ValidationError unless the PDF is complete, readable and carries no active
    content and no HTML."""
    tail = raw[-2048:]
    if b"%%EOF" not in tail or (b"startxref" not in tail and b"/Linearized" not in raw[:2048]):
        raise ValidationError(_("文件“%(name)s”不是完整的PDF文件。") % {"name": name})
    refused = ValidationError(
        _("文件“%(name)s”包含脚本、嵌入文件或网页内容，出于安全原因不能上传。") % {"name": name}
    )
    if HTML_MARKERS.search(raw):
        raise refused
    try:
        names = _Scanner(raw).names(raw)
    except Unreadable:
        raise ValidationError(
            _("文件“%(name)s”经过加密或使用了无法检查的压缩方式，请另存为普通PDF后再上传。")
            % {"name": name}
        ) from None
    if b"Encrypt" in names:
        raise ValidationError(
            _("文件“%(name)s”经过加密或使用了无法检查的压缩方式，请另存为普通PDF后再上传。")
            % {"name": name}
        )
    if names & DENIED_NAMES:
        raise refused
