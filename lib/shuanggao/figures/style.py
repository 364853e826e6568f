"""One look for every figure: seaborn theme, a CJK font from a package, files that rebuild byte for byte."""
from __future__ import annotations

from pathlib import Path

# No backend is chosen here: an analyst's notebook keeps its inline figures, and the runner's kernels draw with
# Agg (MPLBACKEND, set by `run.kernels`).
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager

from .phone import PHONE_MAX_VIEWPORT_PX, PHONE_WIDTH_IN, phone_name

FONT_FILE = "NotoSansCJKsc-Regular.otf"
# Colour-blind-safe categorical palette (Okabe–Ito), fixed so that a theme keeps its colour everywhere: the
# theme in position n of data/themes.csv (its `order`) has the n-th colour (`theme_palette`).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
# Theme colours mean a theme and nothing else: tiers are an ordered grey ramp, the featured institutions (cases)
# near-black, the comparison group grey (`figures.rules` checks that a colour means one thing across the book).
TIER_COLOURS = {"A": "#4A4A4A", "B": "#8A8A8A", "C": "#C4C4C4"}
FEATURED = "#222222"
COMPARISON = "#B4B4B4"
INK = "#222222"
# Wide enough for the page; a phone is served each figure's phone variant instead (`phone`).
WIDTH_IN = 6.0
DPI = 150


def font_path() -> Path:
    """Noto Sans CJK SC as shipped by the mplfonts package (SIL Open Font License)."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{FONT_FILE} not found in the mplfonts package at {path.parent}")
    return path


def use_book_style() -> str:
    """Register the CJK font by path and set the book's theme; return the font's family name."""
    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font=family, rc={
        "axes.unicode_minus": False,
        "font.sans-serif": [family],
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "axes.titlesize": 13,
        # The package's Noto Sans CJK SC has one weight: asking for bold only makes matplotlib say it has none.
        "axes.titleweight": "normal",
        "axes.labelsize": 12,
        "xtick.labelsize": 11.5,
        "ytick.labelsize": 11.5,
        "legend.fontsize": 11,
        "text.color": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "svg.hashsalt": "shuanggao",
        # Text stays text in the SVG (selectable, searchable Chinese), drawn with the reader's CJK font.
        "svg.fonttype": "none",
    })
    # A missing glyph is reported by `figures.check` (an error for the book's figures); the warnings of an
    # analyst's own session are left as they are.
    return family


FONT_SIZES = {"标题": "axes.titlesize", "坐标轴名称": "axes.labelsize", "刻度标签": "xtick.labelsize",
              "图例": "legend.fontsize"}


def style_markdown(themes: pd.DataFrame) -> str:
    """The house style of the figures, written from the values the library uses and the data's `themes`
    table (CONTRIBUTING.md shows it)."""
    import matplotlib as mpl

    family = use_book_style()
    themes = "\n".join(f"| `{t}` | `{c}` |" for t, c in theme_palette(themes).items())
    tiers = "\n".join(f"| {t} 档 | `{c}` |" for t, c in TIER_COLOURS.items())
    sizes = "\n".join(f"| {k} | {mpl.rcParams[v]} pt |" for k, v in FONT_SIZES.items())
    return (f"Figures are {WIDTH_IN} in wide at {DPI} dpi (PNG on the page, SVG and CSV as downloads), in "
            f"{family} from the `mplfonts` package, with the Okabe–Ito palette (colour-blind safe):\n\n"
            f"| theme | colour |\n|---|---|\n{themes}\n\n| tier | colour |\n|---|---|\n{tiers}\n\n"
            f"| text | size |\n|---|---|\n{sizes}\n\n"
            "Checked on every figure before it is saved (`shuanggao.figures.check`, from matplotlib's own layout): "
            "no two texts overlap, no text runs outside the figure, no glyph is missing, and each axis plots one "
            "unit (a chart declares its units; quantities of different kinds get their own panels). Long labels "
            "wrap (`charts.wrap`), never overlap.\n\n"
            f"Phones (viewports up to {PHONE_MAX_VIEWPORT_PX} px) are served each figure drawn again by the same "
            f"chart function and data {PHONE_WIDTH_IN} in wide (`charts.for_phones`), its labels wrapped shorter, so "
            "that its text shows at 11 px or more; the site's live figures carry both drawings of each state. "
            "`shuanggao.figures.rules` measures every text of both.\n\n"
            "A chart when the reader compares magnitudes of one kind (units per province, cases per theme); a table "
            "when the values are of different kinds or must be read exactly (the facts of a case). Each figure's "
            "caption asks the question it answers, and the prose around it uses it.\n")


def theme_palette(themes: pd.DataFrame) -> dict[str, str]:
    """Each theme's colour, by its place in the data's `themes` table (its `order`): a theme added to the
    data gets the next colour, with no list of themes in the code."""
    ordered = themes.sort_values("order").theme_id
    return {theme: PALETTE[i % len(PALETTE)] for i, theme in enumerate(ordered)}


def theme_colours(themes: pd.DataFrame, theme_ids, highlight: str | None = None) -> list[str]:
    """The colours of `theme_ids` (from the data's `themes` table); with `highlight`, only that theme keeps
    its colour and the others are grey."""
    palette = theme_palette(themes)
    return [palette.get(t, PALETTE[0]) if highlight in (None, t) else "#C8C8C8" for t in theme_ids]


def new_figure(height_in: float = 4.0, width_in: float = WIDTH_IN, **kwargs):
    return plt.subplots(figsize=(width_in, height_in), layout="constrained", **kwargs)


def save(fig, folder: Path, name: str, data: pd.DataFrame, phone=None) -> tuple[Path, Path, Path]:
    """Write the figure (PNG for the page, SVG for print and re-use) and the data it plots (CSV, UTF-8 with
    BOM so that spreadsheet programs read the Chinese); `phone`, the figure drawn for phones, as PNG beside it
    (`phone_name`: the page serves it to phones; the downloads and the PDF keep the figure itself)."""
    import oxipng

    from .marks import svg_text

    folder.mkdir(parents=True, exist_ok=True)
    png, csv, svg = folder / f"{name}.png", folder / f"{name}.csv", folder / f"{name}.svg"
    # No timestamp or version in the files, so that two builds of the same data are identical.
    fig.savefig(png, format="png", metadata={"Software": None})
    svg.write_text(svg_text(fig), encoding="utf-8")
    plt.close(fig)
    oxipng.optimize(png, level=3)  # lossless
    if phone is not None:
        phone_png = folder / f"{phone_name(name)}.png"
        phone.savefig(phone_png, format="png", metadata={"Software": None})
        plt.close(phone)
        oxipng.optimize(phone_png, level=3)
    data = data.copy()
    for column in data.columns:
        # Counts are written as integers (1324, not 1324.0).
        values = data[column]
        if pd.api.types.is_float_dtype(values) and values.dropna().map(float.is_integer).all():
            data[column] = values.astype("Int64")
    data.to_csv(csv, index=False, encoding="utf-8-sig", lineterminator="\n")
    return png, csv, svg
