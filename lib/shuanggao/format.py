"""How values are written: numbers by kind, shares, line locators, anchors, Markdown tables and escaping.

Every page, figure, table and check formats through these functions, so that a value reads the same
wherever it appears. Nothing here imports from the rest of the package: where the two languages write a value
differently, the caller says which (`english=`); pages reach these through their `Language`.
"""
from __future__ import annotations

import html
import math
import re
from decimal import ROUND_HALF_UP, Decimal

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#$])")


# numbers --------------------------------------------------------------------------------------------

def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return str(value) in ("<NA>", "nan")


def format_share(units: int, total: int, decimals: int = 2) -> str:
    """units ÷ total as a percentage, rounded half up as printed matter is."""
    pct = Decimal(int(units)) * 100 / Decimal(int(total))
    q = Decimal(1).scaleb(-decimals)
    return f"{pct.quantize(q, rounding=ROUND_HALF_UP)}%"


def printed_decimals(share: str) -> int:
    """'30.96%' → 2: how many decimals a printed share has."""
    return len(share.rstrip("%").partition(".")[2])


def plain_number(x) -> str:
    """1.0 → '1', 97.6 → '97.6': numbers as the brief prints them."""
    d = Decimal(str(x))
    return format(d.quantize(Decimal(1)) if d == d.to_integral() else d.normalize(), "f")


# GB/T 15835-2011 (出版物上数字用法): a Chinese text writes a number of four digits or fewer without a separator
# (1324, 3000); from five digits on the book groups thousands with a comma (10,000,000), as English always does.
ZH_GROUPED_FROM = 10_000


def fmt_value(value, *, english: bool) -> str:
    """A count or amount for prose and tables: 1324 → '1,324' in English and '1324' in Chinese (GB/T 15835: four
    digits take no separator); 100000 → '100,000' in both; 97.6 → '97.6'."""
    text = plain_number(value)
    integral, _point, frac = text.partition(".")
    whole_part = int(integral)
    grouped = f"{whole_part:,}" if english or abs(whole_part) >= ZH_GROUPED_FROM else str(whole_part)
    return grouped + (f".{frac}" if frac else "")


# Kinds of value written as plain digits: a year is 1994, not 1,994.
PLAIN_KINDS = {"year", "month", "label", "rank", "id", "share"}


def value_text(value, kind: str = "count", *, english: bool) -> str:
    """A value as its kind is written: years, months, labels, ranks and shares as plain digits (97.6),
    counts, amounts and durations with thousands separators as the language groups them (`fmt_value`)."""
    return plain_number(value) if kind in PLAIN_KINDS else fmt_value(value, english=english)


def whole(value):
    """1324.0 → 1324: an integral number as an integer (for registries and CSV downloads)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fact_label(value, unit: str, qualifier=None, kind: str = "count") -> str:
    """近 500 名, 200 余名, 50 多个, 1 万元/月以上, 97.6%: the qualifier where Chinese puts it."""
    v = value_text(value, kind, english=False)
    gap = "" if unit == "%" else " "
    if _missing(qualifier) or not qualifier:
        return f"{v}{gap}{unit}"
    if qualifier == "近":
        return f"近 {v}{gap}{unit}"
    if qualifier in ("余", "多"):
        return f"{v} {qualifier}{unit}"
    return f"{v}{gap}{unit}{qualifier}"


# In English a Chinese measure word (门, 名, 个…) is not written: the measure says what is counted.
UNITS_EN = {"%": "{v}%", "元": "{v} yuan", "万元/月": "{v} yuan a month", "强": "top {v}"}
# A unit counted in 万 (ten thousand) or 亿 (a hundred million) is written out in English: 1 万元 → 10,000 yuan.
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
QUALIFIERS_EN = {"近": "nearly {x}", "余": "more than {x}", "多": "more than {x}", "以上": "{x} or more"}


def fact_label_en(value, unit: str, qualifier=None, kind: str = "count") -> str:
    """nearly 500, more than 200, 10,000 yuan a month or more, 97.6%: a case fact in English."""
    factor = MULTIPLIERS.get(unit[:1], 1) if isinstance(unit, str) else 1
    if factor > 1 and kind not in PLAIN_KINDS:
        value = Decimal(plain_number(value)) * factor
    shown = UNITS_EN.get(unit, "{v}").format(v=value_text(value, kind, english=True))
    return shown if _missing(qualifier) or not qualifier else QUALIFIERS_EN.get(qualifier, "{x}").format(x=shown)


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def month_year(year, month, *, english: bool) -> str:
    """2020年4月 / April 2020; a year alone as plain digits."""
    year = plain_number(year)
    if month is None or _missing(month):
        return year
    month = int(float(month))
    return f"{MONTHS_EN[month - 1]} {year}" if english else f"{year}年{month}月"


# locators and anchors --------------------------------------------------------------------------------

def lines_label(spec: str, *, english: bool) -> str:
    """'37-171' → 简报原文第 37–171 行 (in English: brief, lines 37–171)."""
    first, _dash, last = str(spec).partition("-")
    if english:
        return f"brief, lines {first}–{last}" if last else f"brief, line {first}"
    return f"简报原文第 {first}–{last} 行" if last else f"简报原文第 {first} 行"


def key_of(identifier: str) -> str:
    """A data identifier as part of a glue key: talent-moral → talent_moral."""
    return identifier.replace("-", "_")


def anchor(notebook: str, key: str) -> str:
    """The id of a glued number's row on the verification page."""
    return f"v-{notebook}-{key}".replace("_", "-")


# escaping and tables -----------------------------------------------------------------------------

def md_escape(text) -> str:
    """Text from data as literal MyST Markdown: no markup, roles or HTML can come from data."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def html_escape(text) -> str:
    """Text from data as literal HTML, quotes included (safe in attributes)."""
    return html.escape(str(text), quote=True)


class Markup(str):
    """Markup the library builds (links, roles, ids, emphasis), whose parts from data are already escaped.
    Everything else that reaches a page is escaped where it is written: the sink, not the field."""


def md_format(template: str, **values) -> Markup:
    """A translated sentence as Markdown: the template's own words (a catalogue's msgstr, say) escaped like
    data, each value escaped unless it is `Markup`. Placeholders are `{name}`, as `str.format` has them."""
    import string

    out = []
    for literal, name, spec, _conversion in string.Formatter().parse(template):
        out.append(md_escape(literal) if literal else "")
        if name is not None:
            value = values[name]
            if not isinstance(value, Markup):
                value = md_escape(format(value, spec or ""))
            out.append(value)
    return Markup("".join(out))


def md_code(text) -> Markup:
    """Text as a Markdown code span, whatever backticks it holds (a longer fence, as CommonMark allows)."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def role_title(text) -> str:
    """Text as the title of a MyST role ({download}`title <target>`): roles know no escaping, so the
    characters that would end the title or the role are left out."""
    return re.sub(r"[`<>\r\n]", "", str(text))


def md_cell(value) -> str:
    """A table cell: Markup as is, anything else escaped and kept on one line."""
    return value if isinstance(value, Markup) else md_escape(value).replace("\r", " ").replace("\n", " ")


def markdown_table(header: list[str], align: str, rows: list[list]) -> str:
    """A Markdown table. Cells and headers are escaped unless they are `Markup`; `align` has one letter per column,
    l (left) or r (right)."""
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "|".join(rule) + "|"]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"
