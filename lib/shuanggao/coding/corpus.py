"""Reports to code, streamed: a folder of UTF-8 .txt/.md files (one per institution) or a CSV with the
columns institution and text (several rows of one institution are its paragraphs, in order).

Nothing here holds the corpus: a folder yields its files' paths (each read where it is coded), a CSV yields
one row at a time with where that row begins in its institution's report (character, paragraph, line).
"""
from __future__ import annotations

import csv
import errno
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..data.files import decode_utf8
from ..errors import CODING_COLUMNS, CODING_READABLE, CODING_REQUIRED, CODING_SOURCE, CodingInputError, Problem
from .coder import paragraph_starts

PARAGRAPH_BREAK = "\n\n"  # between the rows of one institution


@dataclass(frozen=True)
class Piece:
    """A report, or one row of a report, and where it begins in the institution's whole text."""

    institution: str
    text: str
    source: str
    start: int = 0
    paragraph: int = 0
    line: int = 1


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        # A symlink loop, a link to nothing, no permission: named, and skipped under --skip-bad like any bad text.
        reason = ("a symlink loop (the link leads back to itself)" if err.errno == errno.ELOOP
                  else "a link to a file that does not exist" if path.is_symlink() and not path.exists()
                  else err.strerror or str(err))
        problem = Problem(str(path), CODING_READABLE, f"the report cannot be read: {reason}")
        raise CodingInputError(str(problem), problem) from None
    text, problems = decode_utf8(raw, str(path))
    if text is None:
        raise CodingInputError(str(problems[0]), problems[0])
    return unicodedata.normalize("NFC", text)


def report_files(source: Path) -> list[Path] | None:
    """The reports of a folder, in name order (None if `source` is a CSV); a clear error for anything else."""
    source = Path(source)
    if source.is_dir():
        # A link that leads nowhere (a loop, a dangling link) is kept, so that reading it names the problem.
        files = sorted(p for p in source.iterdir()
                       if p.suffix.lower() in (".txt", ".md") and (p.is_file() or p.is_symlink()))
        if not files:
            problem = Problem(str(source), CODING_SOURCE, "the folder has no .txt or .md files to code")
            raise CodingInputError(str(problem), problem)
        return files
    if source.suffix.lower() == ".csv" and source.is_file():
        return None
    problem = Problem(str(source), CODING_SOURCE, "give a folder of .txt/.md files or a .csv file")
    raise CodingInputError(str(problem), problem)


def file_piece(path: Path) -> Piece:
    return Piece(path.stem, read_text(path), path.name)


def csv_pieces(source: Path) -> Iterator[Piece]:
    """The CSV's rows one at a time; memory stays flat however long the file is."""
    source = Path(source)
    try:
        with open(source, encoding="utf-8-sig", newline="") as f:
            yield from _rows(source, f)
    except UnicodeDecodeError:
        read_text(source)  # raises the error that names the encoding and the fix
        raise


def _rows(source: Path, f) -> Iterator[Piece]:
    reader = csv.reader(f)
    header = next(reader, None)
    if not header or not {"institution", "text"} <= set(header):
        problem = Problem(str(source), CODING_COLUMNS, "a CSV of texts needs the columns institution and text", line=1)
        raise CodingInputError(str(problem), problem)
    name_at, text_at = header.index("institution"), header.index("text")
    # Where the next row of each institution begins in its whole text: character, paragraph, line.
    at: dict[str, tuple[int, int, int]] = {}
    first_line = reader.line_num + 1
    for row in reader:
        name = (row[name_at] if name_at < len(row) else "").strip()
        if not name:
            problem = Problem(str(source), CODING_REQUIRED, "a name is required", line=first_line,
                              column="institution")
            raise CodingInputError(str(problem), problem)
        text = unicodedata.normalize("NFC", row[text_at] if text_at < len(row) else "")
        start, paragraph, _length = at.get(name, (0, 0, 0))
        yield Piece(name, text, source.name, start, paragraph, first_line)
        at[name] = (start + len(text) + len(PARAGRAPH_BREAK), paragraph + len(paragraph_starts(text)) + 1, 0)
        first_line = reader.line_num + 1
