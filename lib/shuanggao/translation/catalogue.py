"""The English catalogue, `style/locale/en.po` (gettext's format, which translators' tools read): read once,
strictly, and checked before any notebook runs.

A line gettext's grammar does not allow, or a translation whose `{placeholders}` are not its message's, is a
`CatalogueError` naming the file, the line and the message: not a warning a build scrolls past, nor a
`KeyError` half-way through a page.
"""
from __future__ import annotations

import io
import re
import string
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ..errors import CatalogueError

# A quoted string as gettext writes it: escapes allowed, the closing quote required.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{_QUOTED}|{_QUOTED})[ \t]*$')


def path(root: Path | None = None) -> Path:
    from ..project import library_root

    return (root or library_root()) / "style" / "locale" / "en.po"


def read(file: Path):
    """The catalogue of `file` (a babel `Catalog`), or a `CatalogueError` naming what is wrong and where."""
    file = Path(file)
    stat = file.stat()
    return _read(str(file), stat.st_mtime_ns, stat.st_size)


@cache
def _read(file: str, _mtime_ns: int, _size: int):
    """One parse per version of the file (the mtime and size are part of the key, so an edit is read)."""
    return read_uncached(file)


def read_uncached(file):
    """A fresh, strict parse of `file`, for a caller that changes the catalogue (`report.update_catalogue`)."""
    from babel.messages.pofile import PoFileError, read_po

    raw = Path(file).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise CatalogueError(file, line, "is not UTF-8",
                             raw.splitlines()[line - 1].decode("utf-8", "replace")) from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not _LINE.match(line.strip()):
            raise CatalogueError(file, number, "is not gettext syntax (a keyword and a quoted string, a "
                                 "continued quoted string, or a # comment)", line)
    try:
        catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    except PoFileError as err:
        number = next((int(n) for n in re.findall(r"\d+", str(err))), None)
        raise CatalogueError(file, number, f"cannot be read by gettext: {err}",
                             text.splitlines()[number - 1] if number else "") from None
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            _check_placeholders(file, message)
    return catalog


def placeholders(text: str) -> set[str] | None:
    """The `{names}` that `str.format` fills in `text` (None if `text` is not a valid format string)."""
    try:
        return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _check_placeholders(file: str, message) -> None:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    wanted = placeholders(ids[0])
    if wanted is None:
        # Not a format string: its English is shown as written.
        return
    for translated in strings:
        if not translated:
            continue
        found = placeholders(translated)
        if found != wanted:
            missing, extra = sorted(wanted - (found or set())), sorted((found or set()) - wanted)
            detail = ("its braces do not pair up" if found is None else
                      "; ".join(part for part in (f"lacks {{{'}, {'.join(missing)}}}" if missing else "",
                                                  f"has {{{'}, {'.join(extra)}}} that the message does not give"
                                                  if extra else "") if part))
            raise CatalogueError(file, message.lineno, f"the translation of {ids[0]!r} must use the message's "
                                 f"placeholders {', '.join('{' + w + '}' for w in sorted(wanted)) or '(none)'}: "
                                 f"{detail}", translated)


def messages(file: Path) -> MappingProxyType:
    """(msgctxt, msgid) → msgstr of the catalogue, without empty or fuzzy entries (a message with a plural
    maps to its forms)."""
    stat = Path(file).stat()
    return _messages(str(file), stat.st_mtime_ns, stat.st_size)


@cache
def _messages(file: str, mtime_ns: int, size: int) -> MappingProxyType:
    catalog = _read(file, mtime_ns, size)
    found = {}
    for m in catalog:
        if not m.id or not m.string or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            found[(m.context, m.id[0])] = tuple(m.string)
        else:
            found[(m.context, m.id)] = m.string
    return MappingProxyType(found)


def check(file: Path | None = None) -> Path:
    """Read the catalogue strictly (the runner's validation step); returns its path."""
    file = file or path()
    read(file)
    return file
