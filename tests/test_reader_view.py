"""What a reader sees on every page of both editions, and what the search shows of it, is prose: no Markdown left
unrendered, no ids of the data, no module or file names. Those belong to reviewers and analysts, in folded
sections marked for them (the verification page's `reviewer-code`, the data page's `for-analysts`) and in folded
code cells; nothing else is exempt."""
import csv
import json
import re

import pytest

from conftest import DATA, ROOT

# What a policy reader must never see: Markdown that was not rendered, and the developer's names of things.
MARKDOWN = re.compile(r"\*\*|`|\]\(")
MODULE = re.compile(r"\bshuanggao\.\w")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|ipynb)\b")
FIELD_NAME = re.compile(r"\b(?:sub)?theme_id\b")
# Folded for reviewers and analysts (and only when folded: the selector names <details>).
FOLDED = "details.reviewer-code, details.for-analysts, details .cell_input"


def ids(table: str, column: str) -> list[str]:
    with open(DATA / table, encoding="utf-8", newline="") as f:
        return [row[column] for row in csv.DictReader(f)]


SUBTHEME_IDS = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids("subthemes.csv", "subtheme_id")))
                          + r")(?![\w-])")
# On a Chinese page a theme's id standing alone (`、 governance 、`), not an English name's word (internal governance).
THEME_WORDS = re.compile(r"(?<![A-Za-z] )\b(?:" + "|".join(ids("themes.csv", "theme_id")) + r")\b(?! [A-Za-z])")


def reader_text(html: str) -> str:
    """The article's visible text and its hover notes (title attributes), without what is folded for reviewers."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    for tag in article.select(f"script, style, {FOLDED}"):
        tag.decompose()
    notes = [tag["title"] for tag in article.select("[title]")]
    return article.get_text(" ") + "\n" + "\n".join(notes)


def problems(text: str, chinese: bool) -> list[str]:
    found = [m.group(0) for pattern in (MARKDOWN, MODULE, FILE_NAME, FIELD_NAME, SUBTHEME_IDS)
             for m in pattern.finditer(text)]
    if chinese:  # an English word such as `talent` on a Chinese page is a theme's id
        found += THEME_WORDS.findall(text)
    return sorted(set(found))


def pages(built):
    html = built / "html"
    return [p for p in sorted(html.rglob("*.html"))
            if not {"_static", "_images", "_downloads", "_sources"} & set(p.relative_to(html).parts)]


def test_the_check_catches_what_an_editor_found():
    assert problems("**案例的分布。**各方面", True) == ["**"]
    assert problems("数据：“子主题”表 · theme_id = talent · subtheme_id（rows counted）", True) == ["subtheme_id",
        "talent", "theme_id"]
    assert problems("found by shuanggao.data.printed.printed_numbers", False) == ["shuanggao.d"]
    assert problems("术语 internal governance 院校内部治理", True) == []
    assert problems("coding conclusion data talent-moral [总览](overview.ipynb)", False) == [
        "](", "overview.ipynb", "talent-moral"]
    html = ('<article><p>人才培养</p><details class="reviewer-code"><summary>审阅用</summary>'
            "<code>subthemes.csv talent-moral</code></details><a title=\"数据：theme_id\">1</a></article>")
    assert problems(reader_text(html), True) == ["theme_id"]


def test_every_markdown_cell_renders_its_emphasis():
    """CommonMark closes ** only where it is right-flanking: after 。 it needs a space, which Chinese never has, so
    **案例的分布。**各方面 would show its asterisks. Each cell and home-page block, parsed as MyST parses it."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    left = {}
    sources = [(p.name, "".join(c["source"])) for p in sorted((ROOT / "book").glob("*.ipynb"))
               for c in json.loads(p.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]
    sources += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "book").glob("index*.md"))]
    for name, source in sources:
        text = re.sub(r"<[^>]+>", "", parser.render(re.sub(r"`[^`]*`", "x", source)))
        if "**" in text:
            left.setdefault(name, []).append(text[max(0, text.index("**") - 10):text.index("**") + 20])
    assert left == {}


def test_no_page_shows_markdown_ids_module_or_file_names(built):
    found = {}
    for page in pages(built):
        relative = page.relative_to(built / "html").as_posix()
        wrong = problems(reader_text(page.read_text(encoding="utf-8")), chinese=not relative.startswith("en/"))
        if wrong:
            found[relative] = wrong
    assert found == {}


@pytest.mark.parametrize("edition", ["", "en/"])
def test_search_excerpts_are_reader_text(built, edition):
    index = built / "html" / edition / "_static" / "search-pages.json"
    if not index.exists():
        pytest.skip(f"{edition or 'the Chinese edition'} has no phrase index")
    found = {}
    for page in json.loads(index.read_text(encoding="utf-8")):
        wrong = problems(page["title"] + "\n" + page["text"], chinese=not edition)
        if wrong:
            found[page["doc"]] = wrong
    assert found == {}
