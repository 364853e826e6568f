"""Reading reports to code: a folder of UTF-8 .txt/.md files (one per institution) or a CSV
with the columns institution and text."""
from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from ..data.files import decode_utf8
from ..errors import CODING_COLUMNS, CODING_REQUIRED, CODING_SOURCE, CodingInputError, Problem

PARAGRAPH_BREAK = "\n\n"


def read_text(path: Path) -> str:
    text, problems = decode_utf8(path.read_bytes(), str(path))
    if text is None:
        raise CodingInputError(str(problems[0]), problems[0])
    return unicodedata.normalize("NFC", text)


def read_corpus(source: Path, skip_bad: bool = False) -> tuple[dict[str, str], list[str]]:
    """Texts by institution from a folder of .txt/.md files (named after the institution) or a CSV
    with columns institution,text. Returns the texts and the files skipped (with --skip-bad)."""
    source = Path(source)
    texts, skipped = {}, []
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".txt", ".md") and p.is_file())
        if not files:
            problem = Problem(str(source), CODING_SOURCE, "the folder has no .txt or .md files to code")
            raise CodingInputError(str(problem), problem)
        for path in files:
            try:
                texts[path.stem] = read_text(path)
            except CodingInputError as err:
                if not skip_bad:
                    err.hint = "use --skip-bad to code the other texts"
                    raise
                skipped.append(str(err))
        return texts, skipped
    if source.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(read_text(source), newline="")))
        if not rows or not {"institution", "text"} <= set(rows[0]):
            problem = Problem(str(source), CODING_COLUMNS, "a CSV of texts needs the columns institution and text",
                              line=1)
            raise CodingInputError(str(problem), problem)
        parts: dict[str, list[str]] = {}
        for line, row in enumerate(rows, start=2):
            name = (row["institution"] or "").strip()
            if not name:
                problem = Problem(str(source), CODING_REQUIRED, "a name is required", line=line, column="institution")
                raise CodingInputError(str(problem), problem)
            parts.setdefault(name, []).append(row["text"] or "")
        # Several rows of one institution are its paragraphs.
        return {name: PARAGRAPH_BREAK.join(p) for name, p in parts.items()}, skipped
    problem = Problem(str(source), CODING_SOURCE, "give a folder of .txt/.md files or a .csv file")
    raise CodingInputError(str(problem), problem)
