"""Every number the brief prints, read again from the brief and recomputed from the data.

`brief_checks` gives one row per printed number (counts, shares, practices, case facts). A row whose
data value differs from what the brief prints, or from its recomputation, fails the build unless
`reasons.csv` says why. `audit_html` checks the built site: each glued number shows its registry value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from .rules import NUMBER, format_share, plain_number
from .source import LineRange, drop_stray_spaces

# How the brief prints each kind of number, so that it can be read back from its lines.
PRINTED_AS = {
    ("constants", "value"): re.compile(r"对(\d+)所"),
    ("themes", "cases_analysed"): re.compile(r"(\d+)个[^，。]*?案例"),
    ("subthemes", "units"): re.compile(r"(\d+)所[^，。]*?建设单位"),
    ("subthemes", "share_printed"): re.compile(r"占比?(\d+(?:\.\d+)?%)"),
    ("subthemes", "practices"): re.compile(r"(\d+)个[^，。]*?做法"),
}
CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
CN_NUMBER = re.compile(r"[零一二两三四五六七八九十百千万亿]*[十百千万亿]")


def cn_number(text: str) -> int:
    """十万 → 100000, 千万 → 10000000, 三百二十 → 320: the numerals the brief uses for amounts."""
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in ("万", "亿"):
            section = (section + digit) or 1
            total += section * CN_UNITS[ch]
            section, digit = 0, 0
        else:
            section += (digit or 1) * CN_UNITS[ch]
            digit = 0
    return total + section + digit


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

    @property
    def ok(self) -> bool:
        return self.data == self.printed and (not self.recomputed or self.recomputed == self.data)

    @property
    def status(self) -> str:
        if self.ok:
            return "一致"
        return f"不一致，已说明：{self.reason}" if self.reason else "不一致"

    def problem(self, ds) -> str:
        parts = []
        if self.data != self.printed:
            parts.append(f"the brief prints {self.printed or 'no such number'} at lines {self.lines}")
        if self.recomputed and self.recomputed != self.data:
            parts.append(f"it recomputes to {self.recomputed}")
        return (f"{ds.shown(self.table)}, row {self.row}, column {self.column}, value {self.data!r}: "
                f"[printed-value] {'; '.join(parts)} (record a reason in reasons.csv if the difference is deliberate)")


def read_printed(ds, table: str, column: str, lines: str) -> str:
    text = drop_stray_spaces(ds.brief.raw(LineRange.parse(lines)))
    m = PRINTED_AS[(table, column)].search(text)
    return m.group(1) if m else ""


def brief_checks(ds) -> list[Check]:
    checks: list[Check] = []

    def add(check: Check):
        check.reason = ds.reason(check.table, check.row, check.column) or ""
        checks.append(check)

    c = ds.constants.set_index("key").loc[ds.total_key]
    add(Check("units_total", "“双高计划”建设单位总数", "constants", ds.total_key, "value", plain_number(c.value),
              read_printed(ds, "constants", "value", c.lines), str(len(ds.institutions)), c.lines))
    for t in ds.themes.itertuples():
        add(Check(f"{t.theme_id}_cases_analysed", f"{t.area_zh}：分析案例数", "themes", t.theme_id, "cases_analysed",
                  plain_number(t.cases_analysed), read_printed(ds, "themes", "cases_analysed", t.lines), "", t.lines))
    for s in ds.subthemes.itertuples():
        k = s.subtheme_id.replace("-", "_")
        name = f"{s.number_zh}{s.title_zh}"
        if pd.notna(s.units):
            add(Check(f"{k}_units", f"{name}：建设单位数", "subthemes", s.subtheme_id, "units", plain_number(s.units),
                      read_printed(ds, "subthemes", "units", s.lines), "", s.lines))
        if pd.notna(s.share_printed):
            recomputed = format_share(s.units, ds.total, len(s.share_printed.rstrip("%").partition(".")[2]))
            add(Check(f"{k}_share", f"{name}：占比（{s.units} ÷ {ds.total}）", "subthemes", s.subtheme_id,
                      "share_printed", s.share_printed, read_printed(ds, "subthemes", "share_printed", s.lines),
                      recomputed, s.lines))
        if pd.notna(s.practices):
            add(Check(f"{k}_practices", f"{name}：特色做法数", "subthemes", s.subtheme_id, "practices",
                      plain_number(s.practices), read_printed(ds, "subthemes", "practices", s.lines), "", s.lines))
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
        add(Check(f"fact_{f.fact_id}", f"{f.case_id}：{f.measure_zh}", "case_facts", f.fact_id, "value", value,
                  printed, "", case_lines[f.case_id]))
    return checks


def failures(ds) -> list[str]:
    return [c.problem(ds) for c in brief_checks(ds) if not c.ok and not c.reason]


# --- the registry of every number the book states ----------------------------------------------

def load_registry(book_dir: Path) -> list[dict]:
    rows = []
    for path in sorted((book_dir / "_results").glob("[!.]*.json")):
        rows += json.loads(path.read_text(encoding="utf-8"))
    return rows


def anchor(notebook: str, key: str) -> str:
    return f"v-{notebook}-{key}".replace("_", "-")


# --- the audit of the built site ----------------------------------------------------------------

class _Glued(HTMLParser):
    """Collects (href of the number's link, pasted text) and pasted texts outside any link."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.found: list[tuple[str, str]] = []
        self.loose: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "span" and "pasted-text" in (attrs.get("class") or "").split():
            self._text = []

    def handle_endtag(self, tag):
        while self.stack:
            t, attrs = self.stack.pop()
            if t == "span" and self._text is not None and "pasted-text" in (attrs.get("class") or "").split():
                text = "".join(self._text)
                href = next((a.get("href", "") for tt, a in reversed(self.stack)
                             if tt == "a" and "num-link" in (a.get("class") or "")), None)
                if href is None:
                    self.loose.append(text)
                else:
                    self.found.append((href, text))
                self._text = None
            if t == tag:
                break

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def audit_html(html_dir: Path, rows: list[dict]) -> list[str]:
    """Each number pasted by glue shows exactly its registry text; none is pasted without a registry entry."""
    by_anchor = {anchor(r["notebook"], r["key"]): r for r in rows}
    problems = []
    for page in sorted(html_dir.rglob("*.html")):
        parser = _Glued()
        parser.feed(page.read_text(encoding="utf-8"))
        shown = page.relative_to(html_dir)
        for text in parser.loose:
            problems.append(f"{shown}: the number {text!r} is pasted without a registry entry")
        for href, text in parser.found:
            entry = by_anchor.get(href.partition("#")[2])
            if entry is None:
                problems.append(f"{shown}: {text!r} links to {href}, which is not in the registry")
            elif entry["text"] != text:
                problems.append(f"{shown}: shows {text!r} for {entry['notebook']}::{entry['key']}, "
                                f"but the registry says {entry['text']!r} (a stale build? rebuild with --force)")
    return problems

