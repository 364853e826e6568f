"""A corpus coded on every core (`jobs`), streamed (one report or CSV row in flight per worker, so memory
stays flat in the corpus's size), with a progress bar on stderr. Matches come back in corpus order."""
from __future__ import annotations

import multiprocessing
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import CodingInputError
from .coder import Coder, frame
from .corpus import Piece, csv_pieces, file_piece, report_files

_coder: Coder | None = None  # one per worker process, built by _start


@dataclass
class Coded:
    matches: pd.DataFrame
    institutions: list[str]          # every institution coded, matched or not, in corpus order
    characters: int
    seconds: float
    skipped: list[str] = field(default_factory=list)


def _start(terms: pd.DataFrame, variants: pd.DataFrame | None) -> None:
    global _coder
    _coder = Coder(terms, variants)


def _code_piece(piece: Piece | Path):
    """One report (a path, read here) or one CSV row: (institution, rows, characters, error)."""
    if isinstance(piece, Path):
        try:
            piece = file_piece(piece)
        except CodingInputError as err:
            return piece.stem, [], 0, (str(err), err.problem)
    rows = [(piece.institution, *m[:7], piece.source, m[7])
            for m in _coder.located(piece.text, piece.start, piece.paragraph, piece.line)]
    return piece.institution, rows, len(piece.text), None


def code_corpus(coder: Coder, source: Path, *, jobs: int = 1, skip_bad: bool = False,
                progress: bool = True) -> Coded:
    from tqdm import tqdm

    files = report_files(source)
    items = files if files is not None else csv_pieces(source)
    bar = tqdm(total=len(files) if files is not None else None, unit=" 份" if files is not None else " 行",
               desc="coding", file=sys.stderr, disable=not progress, mininterval=0.5, dynamic_ncols=True)
    began = time.perf_counter()
    rows, seen, skipped, characters = [], {}, [], 0
    pool = None
    try:
        if jobs > 1:
            pool = multiprocessing.get_context("fork").Pool(jobs, _start, (coder.terms, coder.variants))
            results = pool.imap(_code_piece, items, chunksize=4 if files is not None else 64)
        else:
            global _coder
            _coder = coder
            results = map(_code_piece, items)
        for institution, found, size, error in results:
            bar.update(1)
            if error is not None:
                message, problem = error
                if not skip_bad:
                    raise CodingInputError(message, problem, hint="use --skip-bad to code the other texts")
                skipped.append(message)
                continue
            seen.setdefault(institution, None)
            rows.extend(found)
            characters += size
            bar.set_postfix_str(f"{characters / 1e6:.1f} M 字", refresh=False)
    finally:
        bar.close()
        if pool is not None:
            pool.terminate()
            pool.join()
    return Coded(frame(rows), list(seen), characters, time.perf_counter() - began, skipped)
