"""The book's house style, as rules a page's own prose is checked against (quotations of the brief are not:
they keep the brief's typesetting). Each rule is declared once, with a name, a title and a message.

Chinese typesetting is checked by autocorrect-py (the spacing and punctuation rules of the Chinese
copywriting guidelines), configured below for this book; the terminology comes from
`style/terminology.csv`, which is also the glossary page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..terms import Term


@dataclass(frozen=True)
class StyleRule:
    name: str
    title: str
    message: str  # with {found} and {wanted}


CJK_SPACING = StyleRule("cjk-spacing", "汉字与西文字母、数字之间留一个空格，全角标点前后不留空格",
                        "“{found}” should read “{wanted}”")
PERCENT = StyleRule("percent-sign", "百分号紧跟数字（97.6%，不写 97.6 %）", "“{found}”: no space before %")
DOCUMENT_NUMBER = StyleRule("document-number", "文号照公文格式书写，序号与“号”之间不留空格（教职成函〔2019〕14号）",
                            "“{found}”: no space in a document number")
TERMINOLOGY = StyleRule("terminology", "术语用 style/terminology.csv 的首选形式", "“{found}”: write “{wanted}”")
SPACE_AFTER_PUNCTUATION = StyleRule("space-after-punctuation", "全角标点之后不留空格",
                                    "“{found}”: no space after a full-width punctuation mark")
SPACE_BETWEEN_HAN = StyleRule("space-between-han", "两个汉字之间不留空格（并列的发文机关之间除外：教育部 财政部）",
                              "“{found}”: no space between two Chinese characters")
FOUR_DIGITS = StyleRule("four-digit-number",
                        "四位数不加千分撇（1324、3000，不写 1,324；五位以上可加：10,000,000。GB/T 15835）",
                        "“{found}”: a four-digit number takes no separator in Chinese (GB/T 15835)")
RULES = [CJK_SPACING, PERCENT, DOCUMENT_NUMBER, SPACE_AFTER_PUNCTUATION, SPACE_BETWEEN_HAN, FOUR_DIGITS, TERMINOLOGY]

# autocorrect-py's rules, set for this book: the spacing and full-width rules on; spaces around + and
# brackets off, because policy names such as 1+X and “平台+微服务” are written closed up.
AUTOCORRECT_CONFIG = """
rules:
  space-word: 1
  no-space-fullwidth: 1
  fullwidth: 1
  halfwidth-word: 1
  halfwidth-punctuation: 1
  space-punctuation: 0
  space-bracket: 0
  space-backticks: 0
  space-dash: 0
  space-dollar: 0
  spellcheck: 0
"""
DOC_NUMBER = re.compile(r"〔\d{4}〕\d+\s*号")
SPACED_DOC_NUMBER = re.compile(r"〔\d{4}〕\d+\s+号")
SPACED_PERCENT = re.compile(r"\d\s+%")
# 1,324 alone (not a part of 10,000,000 nor of 1,324.5's neighbours): four digits written with a separator.
SEPARATED_FOUR_DIGITS = re.compile(r"(?<![\d,.])\d,\d{3}(?![\d,])")
SPACED_AFTER_PUNCTUATION = re.compile(r"[，。；：！？、]\x20+\S")
# A space between two Chinese characters is a stray one (2022 年 6 月 启动), except between joint issuers, whose
# names end in 部 or 厅 and are written apart by the convention of official documents.
SPACED_HAN = re.compile(r"(?<![部厅])(?<=[\u4e00-\u9fff])\x20+(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Finding:
    rule: StyleRule
    found: str
    wanted: str = ""

    def __str__(self) -> str:
        return f"{self.rule.name}: " + self.rule.message.format(found=self.found, wanted=self.wanted)


@cache
def _autocorrect():
    import autocorrect_py

    autocorrect_py.load_config(AUTOCORRECT_CONFIG)
    return autocorrect_py


def check(text: str, terms: list[Term]) -> list[Finding]:
    """Every departure from the house style in a page's own prose."""
    findings = [Finding(DOCUMENT_NUMBER, m.group()) for m in SPACED_DOC_NUMBER.finditer(text)]
    findings += [Finding(PERCENT, m.group()) for m in SPACED_PERCENT.finditer(text)]
    findings += [Finding(FOUR_DIGITS, m.group()) for m in SEPARATED_FOUR_DIGITS.finditer(text)]
    findings += [Finding(SPACE_AFTER_PUNCTUATION, m.group()) for m in SPACED_AFTER_PUNCTUATION.finditer(text)]
    findings += [Finding(SPACE_BETWEEN_HAN, text[max(m.start() - 6, 0):m.end() + 6].strip())
                 for m in SPACED_HAN.finditer(text)]
    # Document numbers are written closed up, which autocorrect would space: masked before it looks.
    masked = DOC_NUMBER.sub(lambda m: "〔〕号", text)
    for line in re.split(r"(?<=[。；！？\n])", masked):
        line = line.strip()
        wanted = _autocorrect().format(line) if line else line
        if wanted != line:
            findings.append(Finding(CJK_SPACING, line, wanted))
    for term in terms:
        if term.avoid:
            findings += [Finding(TERMINOLOGY, m.group(), term.term) for m in re.finditer(term.avoid, text)]
    return findings
