"""Reading the package's files: bytes to decoded rows, with every text problem reported."""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import CONTROL_CHARACTER, CSV_SYNTAX, FILE_EXISTS, NFC, NOT_EMPTY, ROW_WIDTH, UTF8, Problem

BOM = "\ufeff"


@dataclass
class Table:
    """One CSV as read: its header, its rows as dicts of strings, and each row's line in the file."""

    name: str
    path: Path
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    _at: dict[int, int] = field(default_factory=dict, repr=False)

    def value_at(self, line: int | None, columns: str) -> str | None:
        """The cell(s) of `columns` (comma-separated) in the row starting at `line`."""
        if len(self._at) != len(self.lines):  # by line, so that a long list of problems is not quadratic
            self._at = {at: i for i, at in enumerate(self.lines)}
        if line not in self._at:
            return None
        row = self.rows[self._at[line]]
        return ", ".join(row.get(c.strip(), "") for c in columns.split(","))


def guess_encoding(raw: bytes) -> str:
    best = from_bytes(raw, cp_isolation=["gb18030", "big5", "utf_16", "cp1252", "shift_jis"]).best()
    return best.encoding if best else "unknown"


def decode_utf8(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the reason it is not UTF-8 (a BOM is tolerated)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        guess = guess_encoding(raw)
        return None, [Problem(shown, UTF8, f"the file is not UTF-8 (byte {err.start} cannot be decoded); "
                              + conversion_hint(shown, guess), line=line)]
    return text.removeprefix(BOM), []


def conversion_hint(shown: str, guess: str) -> str:
    """How to fix a file that is not UTF-8: only advice that fits what the file seems to be."""
    if guess == "unknown":
        return "it does not look like text in any common encoding (is it a binary file, e.g. a PDF or Word file?)"
    fixed = "fixed" + Path(shown).suffix
    encoding = guess.upper().replace("_", "-")
    hint = f"it looks like {guess}. Convert it, e.g. `iconv -f {encoding} -t UTF-8 {shown} > {fixed}`"
    if shown.lower().endswith(".csv"):
        hint += ", or save it as 'CSV UTF-8' in a spreadsheet program"
    return hint


# Invisible characters that change how text displays or hides what it holds: controls (but tab and line
# breaks), formatting characters (bidi overrides and isolates, zero-width ones), line and paragraph separators.
INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def invisible_control(text: str) -> tuple[int, str] | None:
    """(position, character) of the first invisible control or formatting character in `text`, if any."""
    if text.isascii() and text.isprintable():
        return None
    for at, char in enumerate(text):
        if char not in "\t\n\r" and unicodedata.category(char) in INVISIBLE:
            return at, char
    return None


def read_table(name: str, path: Path, shown: str) -> tuple[Table, list[Problem]]:
    table = Table(name, path)
    if not path.exists():
        return table, [Problem(shown, FILE_EXISTS, "the data package lists this file but it is missing")]
    raw = path.read_bytes()
    text, problems = decode_utf8(raw, shown)
    if text is None:
        return table, problems
    if not text.strip():
        return table, [Problem(shown, NOT_EMPTY, "the file is empty; it needs at least a header line")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        table.header = next(reader)
        line = reader.line_num + 1
        for values in reader:
            if not any(v.strip() for v in values):
                line = reader.line_num + 1
                continue
            if len(values) != len(table.header):
                problems.append(Problem(shown, ROW_WIDTH, (
                    f"the row has {len(values)} cells but the header has {len(table.header)} columns"), line=line))
            table.rows.append(dict(zip(table.header, values)))
            table.lines.append(line)
            line = reader.line_num + 1
    except csv.Error as err:
        problems.append(Problem(shown, CSV_SYNTAX, str(err), line=reader.line_num))
    for label in table.header:
        if unicodedata.normalize("NFC", label) != label:
            problems.append(Problem(shown, NFC, "the column name is not in Unicode NFC form", line=1, value=label))
    for row, line in zip(table.rows, table.lines):
        for column, value in row.items():
            hidden = invisible_control(value)
            if hidden is not None:
                at, char = hidden
                problems.append(Problem(shown, CONTROL_CHARACTER, (
                    f"the text holds the invisible character U+{ord(char):04X} "
                    f"({unicodedata.name(char, 'a control character')}) at character {at + 1}; it can make the "
                    "text display otherwise than it reads: remove it"), line=line, column=column, value=value))
            if unicodedata.normalize("NFC", value) != value:
                problems.append(Problem(shown, NFC, (
                    "text is not in Unicode NFC form (decomposed characters); "
                    "normalise it, e.g. with unicodedata.normalize('NFC', text)"),
                    line=line, column=column, value=value))
    return table, problems
