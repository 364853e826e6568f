"""How the brief writes numbers in Chinese: the numerals it prints, their values, and the words a numeral
belongs to (第一家, 三星级, 双一流), which a reader does not read as quantities."""
from __future__ import annotations

import re

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


# Chinese numerals as the brief prints them: those that count (before a measure word), order (第…) or
# number a list (一、 and （一）). Chinese numerals inside words and names (一带一路, 三全育人, 统一) are
# words, not numbers, and are not taken.
CN = "零一二两三四五六七八九十百千万亿"
CHINESE = re.compile(rf"^[{CN}]+(?=、)|(?<=[（(])[{CN}]+(?=[)）])|(?<=第)[{CN}]+|(?<=数)十(?=套)|"
                     rf"(?<![\d{CN}])近?[{CN}]*[万亿](?![{CN}])|"
                     rf"(?<![\d{CN}])近?[{CN}]+(?=[个所项名年级等星批位家类种套倍次人元流])")

# A reader reads a numeral inside a word as part of the word, not as a quantity, even where it stands
# before a measure word: 第一家 and 第二批 order, 三级 and 三星级 grade, 四位一体 and 双一流 name. Such a
# numeral is never matched to a fact; brief_numbers.csv must list it with its reason. One rule per kind
# of word; each pattern's group is the numeral.
WORD_RULES = {
    "list": re.compile(rf"^([{CN}]+)、|[（(]([{CN}]+)[)）]"),
    "ordinal": re.compile(rf"第([{CN}]+)"),
    "level": re.compile(rf"([{CN}]+)星?级"),
    "name": re.compile(rf"([{CN}]+)(?:位一体|流)"),
}


def word_kind(text: str, start: int, end: int) -> str:
    """The kind of word the numeral at text[start:end] belongs to, or "" if a reader takes it as a quantity."""
    for kind, pattern in WORD_RULES.items():
        for m in pattern.finditer(text):
            group = next(g for g in range(1, (pattern.groups or 0) + 1) if m.group(g) is not None)
            if m.start(group) <= start and end <= m.end(group):
                return kind
    return ""
