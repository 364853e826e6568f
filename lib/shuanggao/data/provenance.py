"""Where a number comes from, in a reader's words: the table's title, the row's label and the column's title,
never the data's ids or field names (those stay in the results registry and on the verification page's folded
reviewer sections).

A number's address in the registry is (table, row, column) as code writes it: `row` is a key of the table
(`talent`, `talent-moral`, `units_total`, `F0101`), `all`, or conditions such as `theme_id = talent` or
`category = 学校, tier = A`. Each part is named here from the data (a theme's area, a subtheme's number and title,
a constant's label, a fact's measure, a field's title); a part the data cannot name (a free description such as
`featured institutions`) is left out rather than shown as code.
"""
from __future__ import annotations

import re

from ..translation import N_, Language

ALL_ROWS = N_("全部")
OPENING = N_("简报开篇")
# Field titles the house style words otherwise (style/terminology.csv): 省份 is written 省（区、市）, 院校 建设单位.
HOUSE_WORDS = {"省份": N_("省（区、市）"), "院校名称": N_("建设单位名称"), "院校": N_("建设单位")}
SEPARATOR = " · "
CONDITION = re.compile(r"^\s*(\w+)\s*=\s*(.+?)\s*$")
CASES_OF = re.compile(r"^cases of (\w+)$")
IDENTIFIER = re.compile(r"[A-Za-z0-9_.-]+")


def table_title(ds, lang: Language, table: str) -> str | None:
    """The table's title for readers (“子主题”表), or None for a table the package does not describe."""
    resource = next((r for r in ds.descriptor.get("resources", []) if r["name"] == table), None)
    if not resource or not resource.get("title"):
        return None
    return lang._("“{title}”表").format(title=lang._(resource["title"]))


def field_title(ds, lang: Language, table: str, field: str) -> str | None:
    """A column's title as the data package gives it, or None."""
    for resource in ds.descriptor.get("resources", []):
        if resource["name"] != table:
            continue
        for f in resource.get("schema", {}).get("fields", []):
            if f["name"] == field and f.get("title"):
                return lang._(HOUSE_WORDS.get(f["title"], f["title"]))
    return None


def value_label(ds, lang: Language, value: str) -> str | None:
    """The reader's name of a key the data defines (a theme, a subtheme, a constant, a framing fact, a case
    fact), or None."""
    themes = ds.themes.set_index("theme_id")
    if value in themes.index:
        return lang._(themes.area_zh[value])
    subthemes = ds.subthemes.set_index("subtheme_id")
    if value in subthemes.index:
        s = subthemes.loc[value]
        return lang.pick(f"{s.number_zh}{s.title_zh}", s.title_en)
    for table, zh, en in (("constants", "label_zh", "label_en"), ("framing", "label_zh", "label_en")):
        frame = getattr(ds, table).set_index("key")
        if value in frame.index:
            return lang.pick(frame[zh][value], frame[en][value])
    facts = ds.case_facts.set_index("fact_id")
    if value in facts.index:
        return lang.pick(facts.measure_zh[value], facts.measure_en[value])
    return None


def subtheme_label(ds, lang: Language, subtheme_id: str) -> str:
    """A subtheme named briefly, as lists of them are written: 人才培养（一） / Talent cultivation (1)."""
    s = ds.subthemes.set_index("subtheme_id").loc[subtheme_id]
    area = lang._(ds.themes.set_index("theme_id").area_zh[s.theme_id])
    return f"{area} ({int(s.order)})" if lang.english else f"{area}{s.number_zh}"


def row_label(ds, lang: Language, table: str, row: str) -> str | None:
    """`all`, a key or `field = value` conditions, in words; None where the data cannot name it."""
    row = str(row)
    if row == "all":
        return lang._(ALL_ROWS)
    named = value_label(ds, lang, row)
    if named is not None:
        return named
    theme = CASES_OF.match(row)
    if theme and value_label(ds, lang, theme.group(1)):
        return lang._("{area}的案例").format(area=value_label(ds, lang, theme.group(1)))
    conditions = [CONDITION.match(part) for part in row.split(",")]
    if not all(conditions):
        return None
    words = []
    for m in conditions:
        field, value = m.groups()
        title, named = field_title(ds, lang, table, field), value_label(ds, lang, value)
        if named is None and IDENTIFIER.fullmatch(value):
            named = None if len(value) > 1 else value  # a code (`editorial`) is not a word; a tier letter is
        elif named is None:
            named = lang._(value)  # a value in words (学校, 浙江)
        if title is None or named is None:
            return None
        words.append(lang._("{field}：{value}").format(field=title, value=named))
    return lang.listing(words)


def reader_source(ds, lang: Language, table: str, row: str, column: str) -> str:
    """“子主题”表 · 人才培养 · 建设单位数: what of (table, row, column) the data can name for a reader."""
    columns = [field_title(ds, lang, table, c.strip()) for c in str(column).split(",")]
    parts = [table_title(ds, lang, table), row_label(ds, lang, table, row),
             lang.listing(c for c in columns if c) if all(columns) else None]
    return SEPARATOR.join(p for p in parts if p)


# Where in the brief, as its readers find it ------------------------------------------------------------------
def _headings(ds) -> list[tuple[int, int, int | None, str]]:
    """(first line, part order, section order or None, section number as printed) of every heading, in order."""
    from .source import LineRange

    heads = [(LineRange.parse(t.lines).first, int(t.order), None, "") for t in ds.themes.itertuples()]
    order = ds.themes.set_index("theme_id").order
    heads += [(LineRange.parse(s.lines).first, int(order[s.theme_id]), int(s.order), s.number_zh)
              for s in ds.subthemes.itertuples()]
    return sorted(heads)


def _place_of(heads, line: int):
    """The heading a line falls under: (part, section, number) or None before the first part."""
    under = [h for h in heads if h[0] <= line]
    return under[-1][1:] if under else None


def brief_place(ds, lang: Language, spec) -> str:
    """The part and section of the brief that hold lines `spec` (37-171): 简报第一部分（一）至（三） / brief, part 1,
    sections 1–3; before part one: 简报开篇 / the brief's opening. Line numbers locate the extracted text, which a
    reader of the printed brief does not have; its parts and sections are what the brief numbers itself."""
    from .source import LineRange

    span = LineRange.parse(spec)
    heads = _headings(ds)
    first, last = _place_of(heads, span.first), _place_of(heads, span.last)
    part_name = ds.themes.set_index("order").section  # 一, 二 … as the brief numbers its parts
    name = (lambda order: order) if lang.english else (lambda order: part_name[order])
    if first is None:
        if last is None:
            return lang._(OPENING)
        return lang._("简报开篇至第{last}部分").format(last=name(last[0]))
    if first[0] != last[0]:
        return lang._("简报第{first}至第{last}部分").format(first=name(first[0]), last=name(last[0]))
    place = lang._("简报第{part}部分").format(part=name(first[0]))
    if first[1] is None or last[1] is None:  # the part's own opening lines
        return place
    numbers = {h[2]: (h[2] if lang.english else h[3]) for h in heads if h[1] == first[0] and h[2] is not None}
    if first[1] == last[1]:
        return lang._("{place}{section}").format(place=place, section=numbers[first[1]])
    return lang._("{place}{first}至{last}").format(place=place, first=numbers[first[1]], last=numbers[last[1]])


def brief_locator(ds, lang: Language, spec) -> str | None:
    """The part and section a reader looks in, then the lines of the extracted text reviewers check:
    简报第一部分（一）至（三）（原文第 37–171 行） / brief, part 1, sections 1–3 (lines 37–171); None without lines."""
    from .source import LineRange

    if not spec:
        return None
    span = LineRange.parse(spec)
    place = brief_place(ds, lang, spec)
    if span.first == span.last:
        return lang._("{place}（原文第 {line} 行）").format(place=place, line=span.first)
    return lang._("{place}（原文第 {first}–{last} 行）").format(place=place, first=span.first, last=span.last)
