"""One error model: every failure a user can cause is a `ShuanggaoError`, and every rule is declared once.

The command line catches `ShuanggaoError` once and prints its message (exit 1): no traceback for
anything a user can cause. A `Problem` names the file, line, column, value and the rule it breaks;
each rule is declared below with a name, a title and a description, in the manner of
frictionless-py's `errors/`. `data/README.md` lists the rules from this catalogue (`shuanggao rules`),
and a test keeps the two the same. Nothing here imports from the rest of the package.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    group: str
    description: str


CATALOGUE: dict[str, Rule] = {}


def rule(name: str, group: str, description: str) -> str:
    """Declare a rule (once); returns its name, which problems cite."""
    if name in CATALOGUE:
        raise ValueError(f"rule {name!r} is declared twice")
    CATALOGUE[name] = Rule(name, group, description)
    return name


FILES, SCHEMA, ARITHMETIC, CASES, TEXT, BRIEF, CODING, BUILD, PARAMETERS = (
    "files", "schema", "arithmetic", "cases", "text", "the brief's numbers", "coding input", "build",
    "chapter parameters")

# files
FILE_EXISTS = rule("file-exists", FILES, "every file the package lists exists")
PATH_OUTSIDE_PACKAGE = rule("path-outside-package", FILES,
                            "every resource path resolves inside the package folder (symlinks included)")
UTF8 = rule("utf-8", FILES, "text files are UTF-8 (a BOM is tolerated); another encoding is named with a fix")
NOT_EMPTY = rule("not-empty", FILES, "a table has at least a header line")
JSON = rule("json", FILES, "`datapackage.json` is valid JSON")
RESOURCE_LISTED = rule("resource-listed", FILES, "the descriptor lists every table the book reads")
CSV_SYNTAX = rule("csv-syntax", FILES, "the CSV parses (quotes closed, no stray characters)")
ROW_WIDTH = rule("row-width", FILES, "every row is as wide as the header")
NFC = rule("nfc", FILES, "text and column names are in Unicode NFC form")
CONTROL_CHARACTER = rule("no-control-character", FILES,
                         "text holds no invisible control or formatting character (bidi overrides such as U+202E, "
                         "zero-width characters, C0/C1 controls other than tab and line breaks)")
EXTRA_COLUMN = rule("extra-column", FILES, "a column the schema does not know warns and is ignored")
# schema (checked by frictionless; constraint names are Table Schema's)
TYPE = rule("type", SCHEMA, "a value has the field's type")
REQUIRED = rule("required", SCHEMA, "a required field has a value")
PATTERN = rule("pattern", SCHEMA, "a value matches the field's pattern (identifiers that become HTML ids or anchors)")
ENUM = rule("enum", SCHEMA, "a value is one of the field's enumerated values")
MINIMUM = rule("minimum", SCHEMA, "a number is at least the field's minimum")
MAXIMUM = rule("maximum", SCHEMA, "a number is at most the field's maximum")
MIN_LENGTH = rule("minLength", SCHEMA, "a text is at least the field's minimum length")
MAX_LENGTH = rule("maxLength", SCHEMA, "a text is at most the field's maximum length")
CONSTRAINT = rule("constraint", SCHEMA, "a value meets the field's other constraints")
UNIQUE_KEY = rule("unique-key", SCHEMA, "primary keys are unique")
UNIQUE = rule("unique", SCHEMA, "a field declared unique has no repeated value")
FOREIGN_KEY = rule("foreign-key", SCHEMA, "references resolve (case → roster, case/subtheme → theme, term → subtheme, "
                   "fact → case, grade → roster)")
MISSING_COLUMN = rule("missing-column", SCHEMA, "every column of the schema is in the header")
DUPLICATE_COLUMN = rule("duplicate-column", SCHEMA, "no column name is repeated in the header")
MISSING_CELL = rule("missing-cell", SCHEMA, "no row is shorter than the header")
SCHEMA_OTHER = rule("schema", SCHEMA, "any other Table Schema error that frictionless reports")
# arithmetic
TOTAL_DEFINED = rule("total-defined", ARITHMETIC,
                     "`constants.csv` defines `units_total`, the denominator of every share")
ROSTER_SIZE = rule("roster-size", ARITHMETIC, "the roster has `units_total` rows")
GRADES_SUM = rule("grades-sum", ARITHMETIC, "the national 2023 grades add up to `units_total`")
SHARE_DENOMINATOR = rule("share-denominator", ARITHMETIC, "an edition coded with `--denominator coded` records "
                         "the number of reports coded (1 to `units_total`), the denominator of its shares")
SHARE_NEEDS_UNITS = rule("share-needs-units", ARITHMETIC, "a printed share and its number of units go together")
SHARE_RECOMPUTES = rule("share-recomputes", ARITHMETIC, "each printed share equals units ÷ `units_total` (or "
                        "the reports coded, in an edition coded so), rounded half-up to the printed decimals "
                        "(or `reasons.csv` says why not)")
PRACTICES_AT_LEAST_UNITS = rule("practices-at-least-units", ARITHMETIC, "practices ≥ units")
# cases
THEME_MATCHES_SUBTHEME = rule("theme-matches-subtheme", CASES, "a case's theme is its subtheme's theme")
QUOTE_IN_EXCERPT = rule("quote-in-excerpt", CASES, "each fact's phrase is in its case's excerpt")
VALUE_IN_QUOTE = rule("value-in-quote", CASES, "each fact's phrase prints its value")
NUMBER_HAS_FACT = rule("number-has-fact", CASES,
                       "every number printed in an excerpt is the value, year or month of a fact")
# text
NO_LINE_BREAK = rule("no-line-break", TEXT, "no line break or stray PDF space in titles and excerpts")
ERRATA_APPLIED = rule("errata-applied", TEXT, "no listed extraction error is left in a quotation")
QUOTE_MATCHES_SOURCE = rule("quote-matches-source", TEXT, "quotations rebuild from the brief's lines with the errata")
PRINTED_IN_SOURCE = rule("printed-in-source", TEXT,
                         "errata, codebook terms and the brief's framing are printed where they say")
LINE_RANGE = rule("line-range", TEXT, "line locators are like `45` or `45-49` and lie inside the brief")
SOURCE_HASH = rule("source-hash", TEXT, "the brief's sha256 matches `datapackage.json`")
VARIANT_UNAMBIGUOUS = rule("variant-unambiguous", TEXT, "a spelling stands for one coding term only")
NAME_EN_CITED = rule("name-en-cited", TEXT, "an institution's English name given as its own (`name_en_source` = "
                     "`own`) cites where it was read (`name_en: <address>` in `sources`)")
# the brief's numbers (at build time)
PRINTED_VALUE = rule("printed-value", BRIEF, "every number the brief prints, read back from its lines, equals the "
                     "data and its recomputation (or `reasons.csv` says why not)")
NUMBER_ACCOUNTED = rule("number-accounted", BRIEF, "every number the brief prints is either checked or listed in "
                        "`brief_numbers.csv` with the reason it is not a statistic, and nothing listed is checked")
# coding input
CODING_REQUIRED = rule("institution-required", CODING, "every row of a CSV of reports names its institution")
CODING_COLUMNS = rule("report-columns", CODING, "a CSV of reports has the columns institution and text")
CODING_SOURCE = rule("report-source", CODING, "reports are a folder of .txt/.md files or a .csv file")
CODEBOOK_COLUMNS = rule("codebook-columns", CODING, "an analyst's codebook (`code --codebook`) has the columns "
                        "term_id, subtheme_id and term, and at least one row")
CODEBOOK_TERM = rule("codebook-term", CODING, "each row of an analyst's codebook has a unique term_id (letters, "
                     "digits, _ and -), a subtheme of the package and a term no other row spells the same way")
CODING_READABLE = rule("report-readable", CODING, "every report in the folder can be read (not a symlink loop, "
                       "a dangling link or a file without read permission)")
# chapter parameters
UNITS_SUBSET = rule("units-subset", PARAMETERS, "a chapter's `units` parameter names a subset of the roster: "
                    "FIELD=VALUE joined by commas, FIELD one of category, tier, province (each once), VALUE one the "
                    "roster holds (alternatives joined by |), at least one unit kept")


@dataclass(frozen=True)
class Problem:
    file: str
    rule: str
    message: str
    line: int | None = None
    column: str | None = None
    value: object = None

    def __post_init__(self):
        if self.rule not in CATALOGUE:
            raise ValueError(f"undeclared rule {self.rule!r}: declare it in shuanggao/errors.py")

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


class ShuanggaoError(Exception):
    """A failure the user can cause and fix; the command line prints its message and exits 1."""


# At most this many problems are listed in a message; the message says how many there are in all.
SHOWN = 1000


class DataValidationError(ShuanggaoError, ValueError):
    """The data package breaks one or more rules; `problems` lists them all."""

    def __init__(self, problems: list[Problem], data_dir: object = None):
        self.problems = list(problems)
        self.data_dir = data_dir
        head = f"{len(self.problems)} problem(s) in the data package"
        if data_dir is not None:
            head += f" at {data_dir}"
        shown = self.problems[:SHOWN]
        if len(shown) < len(self.problems):
            # Said where the list starts and where it stops, so that nobody takes the list for all of them.
            head += f" ({len(shown):,} of {len(self.problems):,} problems shown)"
        lines = [f"  - {p}" for p in shown]
        if len(shown) < len(self.problems):
            lines.append(f"  … and {len(self.problems) - len(shown):,} more problem(s) not shown "
                         f"({len(shown):,} of {len(self.problems):,} problems shown)")
        super().__init__(head + ":\n" + "\n".join(lines))


class ClaimError(ShuanggaoError):
    """A statement of the book is no longer true of the data; the message names page, claim and values."""


class DataWarning(UserWarning):
    """Something in the data package is tolerated but worth a look (e.g. an unknown extra column)."""


class CodingInputError(ShuanggaoError, ValueError):
    """A text or corpus that cannot be coded; the message names the file."""

    def __init__(self, message: str, problem: Problem | None = None, hint: str = ""):
        self.problem = problem
        self.hint = hint
        super().__init__(message)


class UsageError(ShuanggaoError, ValueError):
    """A command-line value that cannot be right (e.g. a total of 0 units)."""


class CatalogueError(ShuanggaoError, ValueError):
    """The translation catalogue cannot be used; the message names the file, the line and what is wrong."""

    def __init__(self, file: object, line: int | None, message: str, text: str = ""):
        self.file, self.line, self.text = file, line, text
        where = f"{file}, line {line}" if line else str(file)
        super().__init__(f"{where}: {message}" + (f": {text.strip()!r}" if text.strip() else ""))


class BuildError(ShuanggaoError, RuntimeError):
    """A build step failed; the message says which and where the full log is."""


class AssetError(BuildError):
    """The browser packages could not be fetched from npm or are incomplete."""


class CacheError(BuildError):
    """A file of the build cache cannot be read; the message names it and how to rebuild."""


def catalogue_markdown() -> str:
    """The rules as `data/README.md` lists them, grouped."""
    out, group = [], None
    for r in CATALOGUE.values():
        if r.group != group:
            group = r.group
            out.append(f"\n**{group}**\n")
        out.append(f"- `{r.name}`: {r.description}")
    return "\n".join(out).strip() + "\n"
