"""Rules of the brief's data that a schema cannot state: arithmetic, quotations and their source."""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from .. import errors as E
from ..errors import Problem
from ..format import format_share, plain_number, printed_decimals
from ..normalize import normalize
from .source import LineRange, drop_stray_spaces

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A PDF line-break artefact: a line break, or a space with a Chinese character or punctuation beside it.
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》]"
ARTEFACT = re.compile(rf"[\r\n]|{CJK}\s|\s{CJK}")



class Checker:
    def __init__(self, ds):
        self.ds = ds
        self.problems: list[Problem] = []

    def flag(self, table: str, index, column: str | None, value, rule: str, message: str):
        self.problems.append(Problem(self.ds.shown(table), rule, message,
                                     line=self.ds.line_of(table, index), column=column, value=value))

    def run(self) -> list[Problem]:
        for check in (self.totals, self.shares, self.cases, self.facts, self.text, self.source, self.variants,
                      self.english_names):
            check()
        return self.problems

    def totals(self):
        ds = self.ds
        if ds.total is None:
            self.problems.append(Problem(ds.shown("constants"), E.TOTAL_DEFINED,
                                         f"no row with key {ds.total_key!r}: every share needs this denominator"))
            return
        if len(ds.institutions) != ds.total:
            self.problems.append(Problem(ds.shown("institutions"), E.ROSTER_SIZE, (
                f"the roster has {len(ds.institutions)} units but constants.csv says {ds.total_key} = {ds.total}")))
        nat = ds.midterm_national_2023
        if len(nat) and nat["units"].sum() != ds.total:
            self.problems.append(Problem(ds.shown("midterm_national_2023"), E.GRADES_SUM, (
                f"the grades add up to {nat['units'].sum()}, not {ds.total_key} = {ds.total}")))
        self.coded_denominator()

    def coded_denominator(self):
        """An edition's recorded denominator (`x-coding` in the descriptor) is one a share can be taken of."""
        ds, coding = self.ds, self.ds.coding
        if not coding:
            return
        shown = str(ds.dir / "datapackage.json")
        if coding.get("denominator") not in ("all", "coded"):
            self.problems.append(Problem(shown, E.SHARE_DENOMINATOR, "x-coding.denominator must be all or coded",
                                         column="x-coding.denominator", value=coding.get("denominator")))
        n = coding.get("reports_coded")
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= ds.total:
            self.problems.append(Problem(shown, E.SHARE_DENOMINATOR, (
                f"x-coding.reports_coded must be a whole number from 1 to {ds.total_key} = {ds.total}"),
                column="x-coding.reports_coded", value=n))

    def english_names(self):
        # "own" is a claim about a publication the institution made: it stands only with that publication cited.
        # A name the editors believe to be the institution's, not read from its own pages, is "own-unverified".
        inst = self.ds.institutions
        if "name_en_source" not in inst or "sources" not in inst:
            return
        for i, row in inst.iterrows():
            if row["name_en_source"] == "own" and not re.search(r"name_en:\s*\S", str(row["sources"])):
                self.flag("institutions", i, "name_en_source", "own", E.NAME_EN_CITED, (
                    f"{row['name']}: “{row['name_en']}” is given as the institution's own English name, but "
                    "`sources` does not say where it was read; add `name_en: <address>` to `sources`, "
                    "or mark it `own-unverified`"))

    def shares(self):
        ds = self.ds
        for i, row in ds.subthemes.iterrows():
            units, share, practices = row["units"], row["share_printed"], row["practices"]
            if pd.isna(units) != pd.isna(share):
                column, value = ("share_printed", units) if pd.isna(share) else ("units", share)
                self.flag("subthemes", i, column, value, E.SHARE_NEEDS_UNITS,
                          "a printed share and its number of units go together")
            total = ds.share_total
            if pd.notna(units) and pd.notna(share) and isinstance(total, int) and total > 0:
                expected = format_share(units, total, printed_decimals(share))
                if expected != share and not ds.reason("subthemes", row["subtheme_id"], "share_printed"):
                    self.flag("subthemes", i, "share_printed", share, E.SHARE_RECOMPUTES, (
                        f"{units} ÷ {total} = {expected}, not {share} as printed "
                        "(if the difference is deliberate, record why in reasons.csv)"))
            if pd.notna(units) and pd.notna(practices) and practices < units:
                self.flag("subthemes", i, "practices", practices, E.PRACTICES_AT_LEAST_UNITS, (
                    f"{practices} practices from {units} units: each unit counted brings at least one practice"))

    def cases(self):
        ds = self.ds
        theme_of = ds.subthemes.set_index("subtheme_id")["theme_id"]
        for i, row in ds.cases.iterrows():
            expected = theme_of.get(row["subtheme_id"])
            if expected is not None and expected != row["theme_id"]:
                self.flag("cases", i, "theme_id", row["theme_id"], E.THEME_MATCHES_SUBTHEME,
                          f"subtheme {row['subtheme_id']} belongs to theme {expected}")

    def facts(self):
        ds = self.ds
        excerpts = ds.cases.set_index("case_id")["excerpt"]
        covered: dict[str, set[str]] = {}
        for i, fact in ds.case_facts.iterrows():
            excerpt = excerpts.get(fact["case_id"])
            if excerpt is None:
                continue
            if fact["quote"] not in excerpt:
                self.flag("case_facts", i, "quote", fact["quote"], E.QUOTE_IN_EXCERPT,
                          f"the phrase is not in the excerpt of case {fact['case_id']}")
                continue
            numbers = NUMBER.findall(fact["quote"])
            stated = {plain_number(fact[c]) for c in ("value", "year", "month") if pd.notna(fact[c])}
            if numbers and plain_number(fact["value"]) not in numbers:
                self.flag("case_facts", i, "value", plain_number(fact["value"]), E.VALUE_IN_QUOTE,
                          f"the quoted phrase prints {', '.join(numbers)}")
            covered.setdefault(fact["case_id"], set()).update(n for n in numbers if n in stated)
        for i, case in ds.cases.iterrows():
            for number in dict.fromkeys(NUMBER.findall(case["excerpt"])):
                if number not in covered.get(case["case_id"], set()):
                    self.flag("cases", i, "excerpt", number, E.NUMBER_HAS_FACT,
                              f"the excerpt prints {number} but no row of case_facts.csv states it")

    def text(self):
        ds = self.ds
        errata = [(LineRange.parse(e["lines"]), e["erratum_id"], e["as_printed"])
                  for _index, e in ds.errata.iterrows() if e["as_printed"] != e["corrected"] and _is_range(e["lines"])]
        for table, pairs in _QUOTED.items():
            for i, row in getattr(ds, table).iterrows():
                for column, where in pairs:
                    text = row[column]
                    m = ARTEFACT.search(text)
                    if m:
                        self.flag(table, i, column, text[max(0, m.start() - 6): m.end() + 6], E.NO_LINE_BREAK, (
                            "a line break or a stray space from the PDF is left in the text"))
                    if not _is_range(row[where]):
                        continue
                    span = LineRange.parse(row[where])
                    for r, erratum_id, wrong in errata:
                        if span.covers(r) and wrong in text:
                            self.flag(table, i, column, wrong, E.ERRATA_APPLIED,
                                      f"the text still has the extraction error listed as {erratum_id}")

    def variants(self):
        """A spelling may stand for one term only, once normalised as the coder compares text."""
        owner = {normalize(t.term)[0]: t.term_id for t in self.ds.codebook.itertuples()}
        for i, v in self.ds.term_variants.iterrows():
            form = normalize(v["variant"])[0]
            if owner.setdefault(form, v["term_id"]) != v["term_id"]:
                self.flag("term_variants", i, "variant", v["variant"], E.VARIANT_UNAMBIGUOUS,
                          f"normalised, it is the same text as term {owner[form]}")

    def source(self):
        """Quotations rebuild from the brief; errata and terms are printed where they say."""
        ds = self.ds
        if ds.brief is None:
            return
        digest = hashlib.sha256(ds.brief_bytes).hexdigest()
        if ds.brief_sha256 and digest != ds.brief_sha256:
            self.problems.append(Problem(ds.shown_source, E.SOURCE_HASH, (
                f"sha256 is {digest}, not {ds.brief_sha256} as datapackage.json records; "
                "another edition of the brief needs its own hash (and its own quotations)")))
        errata = []
        for i, e in ds.errata.iterrows():
            try:
                r = LineRange.parse(e["lines"])
                if e["as_printed"] not in ds.brief.raw(r):
                    self.flag("errata", i, "as_printed", e["as_printed"], E.PRINTED_IN_SOURCE,
                              f"not found in lines {r} of the brief")
                errata.append((r, (e["erratum_id"], e["as_printed"], e["corrected"])))
            except ValueError as err:
                self.flag("errata", i, "lines", e["lines"], E.LINE_RANGE, str(err))

        def quote(spec):
            r = LineRange.parse(spec)
            return ds.brief.quote(r, [x for er, x in errata if r.covers(er)])

        for table, pairs in _QUOTED.items():
            for i, row in getattr(ds, table).iterrows():
                for column, where in pairs:
                    try:
                        expected = quote(row[where])
                    except ValueError as err:
                        self.flag(table, i, where, row[where], E.LINE_RANGE, str(err))
                        continue
                    text = row[column]
                    found = text == expected if table == "cases" else text in expected
                    if not found:
                        at = _first_difference(text, expected)
                        self.flag(table, i, column, text[max(0, at - 8): at + 8], E.QUOTE_MATCHES_SOURCE, (
                            f"differs from the brief's lines {row[where]} (with errata) at character {at}: "
                            f"the brief has {expected[max(0, at - 8): at + 8]!r}"))
        for table, column in (("codebook", "term"), ("framing", "value")):
            for i, row in getattr(ds, table).iterrows():
                try:
                    printed = drop_stray_spaces(quote(row["lines"]))
                except ValueError as err:
                    self.flag(table, i, "lines", row["lines"], E.LINE_RANGE, str(err))
                    continue
                if drop_stray_spaces(row[column]) not in printed:
                    self.flag(table, i, column, row[column], E.PRINTED_IN_SOURCE,
                              f"not found in lines {row['lines']} of the brief")


# Text columns quoted from the brief, with the column holding their line range.
_QUOTED = {
    "cases": (("title_zh", "title_lines"), ("excerpt", "lines")),
    "themes": (("title_zh", "lines"),),
    "subthemes": (("title_zh", "lines"),),
}


def _is_range(spec) -> bool:
    try:
        LineRange.parse(spec)
        return True
    except ValueError:
        return False



def _first_difference(a: str, b: str) -> int:
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return k
    return min(len(a), len(b))
