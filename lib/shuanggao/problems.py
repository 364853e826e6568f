"""How bad input is reported: one line per problem, naming file, row, column, value and rule."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    rule: str
    message: str
    line: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        if self.value is not None and self.value != "":
            shown = str(self.value)
            shown = shown if len(shown) <= 40 else shown[:37] + "…"
            where += f", value {shown!r}"
        return f"{where}: [{self.rule}] {self.message}"


class DataValidationError(ValueError):
    """The data package breaks one or more rules; `problems` lists them all."""

    def __init__(self, problems: list[Problem], data_dir: object = None):
        self.problems = list(problems)
        self.data_dir = data_dir
        head = f"{len(self.problems)} problem(s) in the data package"
        if data_dir is not None:
            head += f" at {data_dir}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class DataWarning(UserWarning):
    """Something in the data package is tolerated but worth a look (e.g. an unknown extra column)."""
