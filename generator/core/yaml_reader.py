"""A strict YAML reader for rule files.

PyYAML's own loaders guess types the YAML 1.1 way (``no`` -> False, ``2026-01-05`` -> date),
accept duplicate keys, expand aliases and honour tags. Rule files need none of that, so we walk
the parser's events ourselves: plain scalars resolve by the YAML 1.2 core schema only, quoted
scalars stay strings, and tags, anchors, aliases and duplicate keys are errors with a line.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.core.errors import Collector, RuleError, display_path

# libyaml's parser when PyYAML was built with it (much faster); events and marks are the same.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20
MAX_BYTES = 1_000_000
MAX_NUMBER_CHARS = 30

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

_SCALAR, _MAPPING_START, _SEQUENCE_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent

Pointer = tuple  # path into the document: keys and list indexes

# Characters no text of ours needs and that would reach readers unseen: C0 controls but tab and
# newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates that reorder what is
# shown ("Trojan Source"). Raw ones the YAML parser refuses itself; these arrive as double-quoted
# escapes ("\e[31m", "\x07", "\0", "\u202e") or, for the bidi ones, as raw characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Document:
    """A loaded YAML file: its data, and the line of every key and item in it."""

    path: Path
    data: object
    lines: dict[Pointer, int] = field(default_factory=dict)
    block_scalars: set = field(default_factory=set)  # pointers of literal (|) scalars

    def line_in(self, pointer, offset: int, text: str) -> int:
        """Line of character ``offset`` of the scalar at ``pointer`` (exact for literal blocks)."""
        pointer = tuple(pointer)
        if pointer in self.block_scalars:
            return self.lines[pointer] + 1 + text[:offset].count("\n")
        return self.line(pointer)

    def line(self, pointer=()) -> int:
        """Line of the node at ``pointer``, or of its nearest ancestor that has one."""
        pointer = tuple(pointer)
        while pointer and pointer not in self.lines:
            pointer = pointer[:-1]
        return self.lines.get(pointer, 1)


# First characters of the plain scalars that resolve to something other than text.
_TYPED_START = set("~nNtTfF+-.0123456789")


def _scalar(event: yaml.ScalarEvent):
    value = event.value
    if event.style or (value and value[0] not in _TYPED_START):  # quoted, block or plain text
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value) or _FLOAT.match(value):
        if len(value) > MAX_NUMBER_CHARS:  # Python refuses int() of 4,300+ digits; no rule needs 30
            raise ValueError(f"a number of {len(value)} characters; numbers in rule files are small")
        # 2.0 stays a float: the schemas' "integer" refuses it (see schema.validator).
        return int(value) if _INT.match(value) else float(value)
    return value


def _invisible(value: str) -> str | None:
    """What is wrong with the first character of ``value`` that _INVISIBLE refuses, else None."""
    found = _INVISIBLE.search(value)
    if not found:
        return None
    ch = found.group(0)
    if ch >= "\u2000":
        return f"contains U+{ord(ch):04X} {unicodedata.name(ch)}, which reorders the text around it unseen; remove it"
    name = {
        "\x00": " NUL",
        "\x07": " BELL",
        "\x08": " BACKSPACE",
        "\x1b": " ESCAPE",
        "\r": " CARRIAGE RETURN",
        "\x7f": " DELETE",
    }.get(ch, "")
    return (
        f"contains a control character (U+{ord(ch):04X}{name}); remove it "
        "(in double quotes, escapes such as \\e, \\x07 or \\0 write one)"
    )


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise RuleError.one(path, line, f"not UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8") from err


def load_text(text: str, path: Path) -> Document:
    doc = Document(path, None)
    problems = Collector()
    if not text.strip() or all(line.strip().startswith("#") or not line.strip() for line in text.splitlines()):
        raise RuleError.one(path, 1, "file is empty")
    # Stack entries: [container, pointer, pending_key(for maps), pending_key_line]
    stack: list[list] = []
    root_set = False
    documents = 0

    def place(value, line: int, is_container: bool):
        nonlocal root_set
        if not stack:
            doc.data = value
            doc.lines[()] = line
            root_set = True
            return ()
        top = stack[-1]
        container, pointer = top[0], top[1]
        if isinstance(container, list):
            ptr = pointer + (len(container),)
            container.append(value)
            doc.lines[ptr] = line
            return ptr
        if top[2] is _NO_KEY:  # this scalar/collection is a mapping key
            if is_container:
                problems.add(path, line, "a mapping key must be plain text")
                top[2], top[3] = _BAD_KEY, line
                return pointer + ("?",)
            key = value if isinstance(value, str) else str(value)
            if key in top[4]:
                problems.add(path, line, f"duplicate key '{key}' (first given on line {top[4][key]})")
                top[2] = _BAD_KEY
            else:
                top[4][key] = line
                top[2] = key
            top[3] = line
            return None
        key = top[2]
        top[2] = _NO_KEY
        ptr = pointer + (key,)
        if key is not _BAD_KEY:
            container[key] = value
            doc.lines[ptr] = top[3]
        return ptr

    raw_invisible = _INVISIBLE.search(text) is not None
    parser = None
    try:
        parser = _PARSER(text)
        next_event = parser.get_event  # the events yaml.parse() yields, without its generator
        while True:
            event = next_event()
            kind = type(event)
            if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
                line = event.start_mark.line + 1
                if event.anchor is not None:
                    raise RuleError.one(
                        path,
                        line,
                        f"anchors (&{event.anchor}) are not allowed in rule files",
                        event.start_mark.column + 1,
                    )
                if event.tag not in (None, "!"):
                    raise RuleError.one(
                        path, line, f"tags ({event.tag}) are not allowed in rule files", event.start_mark.column + 1
                    )
                if kind is _SCALAR:
                    try:
                        value = _scalar(event)
                    except ValueError as err:
                        raise RuleError.one(path, line, str(err), event.start_mark.column + 1) from None
                    ptr = place(value, line, False)
                    # Only a double-quoted escape can bring in what the raw text does not hold.
                    bad = _invisible(event.value) if raw_invisible or event.style == '"' else None
                    if bad:
                        where = ".".join(str(p) for p in (ptr if ptr is not None else stack[-1][1]))
                        if ptr is None:  # a mapping key
                            what = f"a key in {where}: " if where else "a key: "
                        else:
                            what = f"{where}: " if where else ""
                        problems.add(path, line, what + bad, event.start_mark.column + 1)
                    if ptr is not None and event.style == "|":
                        doc.block_scalars.add(ptr)
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise RuleError.one(path, line, f"nesting deeper than {MAX_DEPTH} levels")
                value = {} if kind is _MAPPING_START else []
                ptr = place(value, line, True)
                stack.append([value, ptr if ptr is not None else (), _NO_KEY, line, {}])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise RuleError.one(
                        path, event.start_mark.line + 1, "one YAML document per file: remove the '---' separator"
                    )
            elif kind is yaml.AliasEvent:
                raise RuleError.one(
                    path,
                    event.start_mark.line + 1,
                    "aliases (*name) are not allowed in rule files; write the value out",
                    event.start_mark.column + 1,
                )
            elif event is None or kind is yaml.StreamEndEvent:
                break
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        msg = err.problem or err.context or "invalid YAML"
        if err.context and err.context_mark and err.problem_mark and err.context_mark.line != err.problem_mark.line:
            msg += f" ({err.context} that starts on line {err.context_mark.line + 1})"
        raise RuleError.one(
            path, (mark.line + 1) if mark else 1, f"YAML syntax error: {msg}", (mark.column + 1) if mark else None
        ) from err
    except yaml.YAMLError as err:  # e.g. control characters the reader refuses
        mark = getattr(err, "problem_mark", None) or getattr(err, "mark", None)
        raise RuleError.one(
            path, (mark.line + 1) if mark else 1, f"YAML error: {getattr(err, 'problem', None) or err}"
        ) from err
    finally:
        if parser is not None:
            parser.dispose()
    problems.raise_if_any()
    if doc.data is None:
        raise RuleError.one(path, 1, "file is empty")
    return doc


class _Marker:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_NO_KEY = _Marker("NO_KEY")
_BAD_KEY = _Marker("BAD_KEY")


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular(path: Path, max_bytes: int, root: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, checked before a byte is read: a FIFO
    would block forever and /dev/zero never ends. A symbolic link must stay inside ``root``
    (when given) and is never read otherwise, so a refused link prints nothing of its target."""
    check_regular(path, max_bytes, root)
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)  # it may have grown since stat()
    except OSError as err:
        raise RuleError.one(path, 1, f"cannot read file: {err.strerror}") from None
    if len(raw) > max_bytes:
        raise RuleError.one(path, 1, f"file is larger than {max_bytes // 1000} kB")
    return raw


def check_regular(path: Path, max_bytes: int, root: Path | None = None) -> None:
    """Raise RuleError unless ``path`` is a readable regular file of at most ``max_bytes`` (and,
    when it is a link and ``root`` is given, one to a file inside ``root``)."""
    path = Path(path)
    try:
        if root is not None and path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(Path(root).resolve()):
                raise RuleError.one(
                    path, 1, f"a symbolic link to a file outside {display_path(root)}; copy the file in instead"
                )
        info = path.stat()
    except RuntimeError:  # resolve() in a loop of links
        raise RuleError.one(path, 1, "a loop of symbolic links") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise RuleError.one(path, 1, "a loop of symbolic links") from None
        raise RuleError.one(path, 1, f"cannot read file: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        what = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise RuleError.one(path, 1, f"is {what}, not a regular file")
    if info.st_size > max_bytes:
        raise RuleError.one(path, 1, f"file is larger than {max_bytes // 1000} kB")
    if not os.access(path, os.R_OK):
        raise RuleError.one(path, 1, "cannot read file: Permission denied")


def load_file(path: Path, root: Path | None = None) -> Document:
    """A YAML file under ``root`` (see ``read_regular``; default: the file's own folder)."""
    path = Path(path)
    raw = read_regular(path, MAX_BYTES, path.parent if root is None else root)
    return load_text(_decode(raw, path), path)
