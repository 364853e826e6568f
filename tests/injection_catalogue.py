"""A copy of the package descriptor and of the English catalogue with a script payload in every text field and
every msgstr (placeholders kept), for the browser sweep (tests/test_browser.py).

Descriptor: every title, description, version and Chinese description or title, at any depth; a field the
Data Package standard constrains (the package's name) is left as it is, since the validator is its defence.
Catalogue: every msgstr gets the payload at its end, except the messages that are drawn in figures (text as
pixels, where a longer label fails the layout check before anything reaches a page).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

# Runs if it ever reaches a page as markup: sets window.__v (1 from the image, 2 from the script).
PAYLOAD = "\"'><img src=x onerror=window.__v=1><script>window.__v=2</script>"
TEXT_KEYS = {"title", "description", "version", "x-description-zh", "x-description-en", "x-title-zh"}


def plant_descriptor(source: Path, target: Path) -> list[str]:
    """Copy the package to `target` with the payload in every text field of its descriptor; returns their paths."""
    shutil.copytree(source, target)
    path = target / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    planted = []

    def walk(node, where):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            if isinstance(value, str) and key in TEXT_KEYS:
                node[key] = value + PAYLOAD
                planted.append(f"{where}/{key}")
            else:
                walk(value, f"{where}/{key}")

    walk(descriptor, "")
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return planted


def drawn_messages(data: Path) -> set[tuple]:
    """The catalogue's messages that the English figures draw: each msgstr marked, every figure drawn, the marks
    read back from the figures' texts."""
    import matplotlib

    matplotlib.use("Agg")
    from types import MappingProxyType

    import matplotlib.pyplot as plt

    import shuanggao
    from shuanggao.figures import charts, check, maps
    from shuanggao.pages.coding import code_cases
    from shuanggao.translation import Language, language

    real = language("en").messages
    keys = list(real)
    marked = {k: f"⟦{i}⟧{v}" if isinstance(v, str) else v for i, (k, v) in enumerate(real.items())}
    lang = Language("en", MappingProxyType(marked))
    drawn = set()
    ds = shuanggao.load(data)
    figures = [charts.units_by_province(ds, lang), charts.featured_profile(ds, lang), charts.talent_subthemes(ds, lang),
               charts.coding_heatmap(ds, lang, code_cases(ds)), maps.province_tiles(ds, lang),
               charts.cases_per_theme(ds, lang), *(charts.cases_per_theme(ds, lang, t) for t in ds.themes.theme_id),
               # every state of each theme's live figure
               *(charts.theme_measure(ds, lang, t, m.column) for t in ds.themes.theme_id
                 for m in charts.theme_measures(ds, lang, t)[2])]
    for chart in figures:
        # Each figure as the page's width and a phone draw it (the English map's phone list has words of its own).
        for variant in (chart, chart.phone()):
            if variant is None:
                continue
            for text in check.texts(variant.fig):
                drawn |= {keys[int(i)] for i in re.findall(r"⟦(\d+)⟧", text.get_text())}
            plt.close(variant.fig)
    return drawn


def plant_catalogue(po: Path, data: Path) -> tuple[int, int]:
    """The payload at the end of every msgstr of `po` but those drawn in figures; returns (planted, drawn)."""
    from babel.messages.pofile import read_po, write_po

    drawn = drawn_messages(data)
    with open(po, "rb") as f:
        catalogue = read_po(f)
    planted = 0
    for message in catalogue:
        if message.id and message.string and (message.context, message.id) not in drawn:
            # A plural message has one string per form: each gets the payload.
            message.string = (tuple(s + PAYLOAD for s in message.string) if isinstance(message.string, tuple)
                              else message.string + PAYLOAD)
            planted += 1
    with open(po, "wb") as f:
        write_po(f, catalogue, width=0)
    return planted, len(drawn)
