"""Every number the brief prints, read again from the brief and recomputed from the data.

`brief_checks` gives one row per printed number (counts, shares, practices, case facts). A row whose
data value differs from what the brief prints, or from its recomputation, fails the build unless
`reasons.csv` says why (`failures`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import NUMBER_ACCOUNTED, PRINTED_VALUE, Problem
from ..format import format_share, key_of, plain_number, printed_decimals, value_text
from ..translation import CHINESE as IN_CHINESE
from ..translation import Language
from . import expressions
from .numerals import CHINESE, CN_NUMBER, cn_number, word_kind
from .rules import NUMBER
from .source import LineRange, drop_stray_spaces

# How the brief prints each kind of number, so that it can be read back from its lines.
PRINTED_AS = {
    ("constants", "value"): re.compile(r"对(\d+)所"),
    ("themes", "cases_analysed"): re.compile(r"(\d+)个[^，。]*?案例"),
    ("subthemes", "units"): re.compile(r"(\d+)所[^，。]*?建设单位"),
    ("subthemes", "share_printed"): re.compile(r"占比?(\d+(?:\.\d+)?%)"),
    ("subthemes", "practices"): re.compile(r"(\d+)个[^，。]*?做法"),
    ("framing", "value"): re.compile(r"(\d{4}年\d{1,2}月)"),
}
@dataclass
class Check:
    key: str            # the glue key the book uses for this number
    what: str           # what the number is, in Chinese
    table: str
    row: str
    column: str
    data: str           # the value in data/
    printed: str        # what the brief prints at `lines` ("" if it could not be read back)
    recomputed: str     # recomputed from the data ("" where nothing recomputes it)
    lines: str
    reason: str = ""
    expression: str = ""    # the pandas expression that reads the data value (`expressions`)
    recomputing: str = ""   # the pandas expression that recomputes it ("" where nothing recomputes it)
    kind: str = "count"     # how the value is written for readers (`format.value_text`): a year as 1994

    @property
    def ok(self) -> bool:
        return self.data == self.printed and (not self.recomputed or self.recomputed == self.data)

    def shown(self, value: str, lang: Language) -> str:
        """A value of this check as readers of `lang` see it: 10000000 → 10,000,000, 1324 → 1324 in Chinese and
        1,324 in English (a year stays 1994); a share or a date as printed."""
        return (value_text(value, self.kind, english=lang.english) if re.fullmatch(r"\d+(?:\.\d+)?", value or "")
                else value)

    def status(self, lang: Language) -> str:
        """Whether the data agrees with the brief, in the reader's language."""
        if self.ok:
            return lang._("一致")
        return lang._("不一致，已说明：{reason}").format(reason=self.reason) if self.reason else lang._("不一致")

    def problem(self, ds) -> Problem:
        parts = []
        if self.data != self.printed:
            parts.append(f"the brief prints {self.printed or 'no such number'} at lines {self.lines}")
        if self.recomputed and self.recomputed != self.data:
            parts.append(f"it recomputes to {self.recomputed}")
        key = ds.resource(self.table)["schema"]["primaryKey"]
        key = key[0] if isinstance(key, list) else key
        rows = ds.tables[self.table][key].astype(str).tolist()
        line = ds.line_of(self.table, rows.index(self.row)) if self.row in rows else None
        return Problem(ds.shown(self.table), PRINTED_VALUE, f"row {self.row}: {'; '.join(parts)} "
                       "(record a reason in reasons.csv if the difference is deliberate)",
                       line=line, column=self.column, value=self.data)


def read_printed(ds, table: str, column: str, lines: str) -> str:
    text = drop_stray_spaces(ds.brief.raw(LineRange.parse(lines)))
    m = PRINTED_AS[(table, column)].search(text)
    return m.group(1) if m else ""


def brief_checks(ds, lang: Language) -> list[Check]:
    checks: list[Check] = []

    def add(check: Check, recomputing: str = ""):
        check.reason = ds.reason(check.table, check.row, check.column) or ""
        check.expression = expressions.cell(ds, check.table, check.row, check.column)
        check.recomputing = recomputing
        checks.append(check)

    c = ds.constants.set_index("key").loc[ds.total_key]
    add(Check("units_total", lang._("“双高计划”建设单位总数"), "constants", ds.total_key, "value",
              plain_number(c.value), read_printed(ds, "constants", "value", c.lines), str(len(ds.institutions)),
              c.lines),
        expressions.row_count(ds, "institutions"))
    for f in ds.framing[ds.framing.kind == "date"].itertuples():
        add(Check(f"framing_{f.key}", lang.pick(f.label_zh, f.label_en), "framing", f.key, "value", f.value,
                  read_printed(ds, "framing", "value", f.lines), "", f.lines))
    for t in ds.themes.itertuples():
        add(Check(f"{t.theme_id}_cases_analysed", lang._("{area}：分析案例数").format(area=lang._(t.area_zh)), "themes",
                  t.theme_id, "cases_analysed", plain_number(t.cases_analysed),
                  read_printed(ds, "themes", "cases_analysed", t.lines), "", t.lines))
    for s in ds.subthemes.itertuples():
        k = key_of(s.subtheme_id)
        name = lang.pick(f"{s.number_zh}{s.title_zh}", s.title_en)
        if pd.notna(s.units):
            add(Check(f"{k}_units", lang._("{name}：建设单位数").format(name=name), "subthemes", s.subtheme_id, "units",
                      plain_number(s.units), read_printed(ds, "subthemes", "units", s.lines), "", s.lines))
        if pd.notna(s.share_printed):
            recomputed = format_share(s.units, ds.share_total, printed_decimals(s.share_printed))
            what = lang._("{name}：占比（{units} ÷ {total}）").format(name=name, units=s.units, total=ds.share_total)
            add(Check(f"{k}_share", what, "subthemes", s.subtheme_id, "share_printed", s.share_printed,
                      read_printed(ds, "subthemes", "share_printed", s.lines), recomputed, s.lines),
                expressions.share(ds, s.subtheme_id, printed_decimals(s.share_printed)))
        if pd.notna(s.practices):
            add(Check(f"{k}_practices", lang._("{name}：特色做法数").format(name=name), "subthemes", s.subtheme_id,
                      "practices", plain_number(s.practices), read_printed(ds, "subthemes", "practices", s.lines), "",
                      s.lines))
    case_lines = ds.cases.set_index("case_id").lines
    for f in ds.case_facts.itertuples():
        value = plain_number(f.value)
        numbers = NUMBER.findall(f.quote)
        if numbers:
            printed = value if value in numbers else numbers[0]
        else:
            spelled = CN_NUMBER.search(f.quote)
            printed = plain_number(cn_number(spelled.group(0))) if spelled else ""
            if f.unit.startswith("万") and printed:
                printed = plain_number(int(printed) / 10_000)
        what = lang._("{case}：{measure}").format(case=f.case_id, measure=lang.pick(f.measure_zh, f.measure_en))
        add(Check(f"fact_{f.fact_id}", what, "case_facts", f.fact_id, "value", value,
                  printed, "", case_lines[f.case_id], kind=f.kind))
    return checks


def agreement(checks: list[Check]) -> str:
    """How the data stands against the brief, in one clause (for `validate` and `build`)."""
    explained = sum(not c.ok for c in checks)
    return (f"{explained} value(s) differ from the brief, each with its reason in reasons.csv" if explained
            else "every printed number agrees with the brief")


def failures(ds, checks: list[Check] | None = None) -> list[Problem]:
    """Differences from the brief without a reason, and printed numbers not accounted for."""
    # Which checks fail does not depend on the words: they are read in the source language.
    checks = brief_checks(ds, IN_CHINESE) if checks is None else checks
    return [c.problem(ds) for c in checks if not c.ok and not c.reason] + unaccounted(ds, checks)


def unaccounted(ds, checks: list[Check]) -> list[Problem]:
    """Printed numbers neither checked nor listed, and listed ones that are checked or not printed there."""
    listed = {(int(r.lines), r.number): i for i, r in enumerate(ds.brief_numbers.itertuples())}
    shown = ds.shown("brief_numbers")
    problems = []
    for number in printed_numbers(ds):
        checked = checked_by(ds, checks, number) is not None
        index = listed.pop((number.line, number.text), None)
        if not checked and index is None:
            problems.append(Problem(ds.shown_source, NUMBER_ACCOUNTED, "the brief prints this number, but no check "
                                    "reads it back and brief_numbers.csv does not list it",
                                    line=number.line, value=number.text))
        elif checked and index is not None:
            problems.append(Problem(shown, NUMBER_ACCOUNTED, "listed as not a statistic, but a check reads it back",
                                    line=ds.line_of("brief_numbers", index), value=number.text))
    for (line, text), index in listed.items():
        problems.append(Problem(shown, NUMBER_ACCOUNTED, f"line {line} of the brief prints no such number",
                                line=ds.line_of("brief_numbers", index), value=text))
    return problems


# --- every number the brief prints ---------------------------------------------------------------------

# Numbers as the brief prints them: Arabic numerals (with a decimal part or a per cent sign), and Chinese
# numerals that count, order or number a list (`numerals.CHINESE`).
ARABIC = re.compile(r"\d+(?:\.\d+)?%?")


@dataclass(frozen=True)
class Printed:
    line: int
    text: str
    word: str = ""  # the WORD_RULES kind that makes this numeral part of a word; "" for a quantity


def printed_numbers(ds) -> list[Printed]:
    """Every number the brief prints, with its line (spaces of the extraction dropped)."""
    found = []
    for number, line in enumerate(ds.brief.lines, start=1):
        text = drop_stray_spaces(line)
        found += [Printed(number, m.group(0)) for m in ARABIC.finditer(text)]
        found += [Printed(number, m.group(0), word_kind(text, m.start(), m.end())) for m in CHINESE.finditer(text)]
    return found


def quote_lines(ds, quote: str, within: str) -> LineRange | None:
    """The lines of the brief (inside `within`) that print `quote`, read across line breaks."""
    span = LineRange.parse(within)
    text, owner = "", []
    for number in range(span.first, span.last + 1):
        line = drop_stray_spaces(ds.brief.lines[number - 1])
        text += line
        owner += [number] * len(line)
    at = text.find(quote)
    if at < 0:
        return None
    return LineRange(owner[at], owner[at + len(quote) - 1])


def checked_by(ds, checks: list[Check], number: Printed) -> Check | None:
    """The check that reads this printed number back, if any. A numeral inside a word is no quantity and is
    never matched; a case fact matches only on the lines that print its quotation (its year and month too)."""
    if number.word:
        return None
    value = number.text.removeprefix("近").rstrip("%")
    values = {value}
    if not value[0].isdigit():
        try:
            amount = cn_number(value)
        except KeyError:
            return None
        values = {plain_number(amount), plain_number(amount / 10_000)}
    for c in checks:
        if c.table == "case_facts":
            continue
        span = LineRange.parse(c.lines)
        if span.first <= number.line <= span.last and values & {c.printed.rstrip("%"), *ARABIC.findall(c.printed)}:
            return c
    facts = ds.case_facts.merge(ds.cases[["case_id", "lines"]], on="case_id")
    for f in facts.itertuples():
        span = quote_lines(ds, f.quote, f.lines)
        stated = {plain_number(x) for x in (f.value, f.year, f.month) if pd.notna(x)}
        if span and span.first <= number.line <= span.last and values & stated:
            return next((c for c in checks if c.key == f"fact_{f.fact_id}"), None)
    return None
