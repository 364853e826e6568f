"""The pandas expression a reviewer runs to get a value of the verification page from the data package.

Each is runnable as written, with `import decimal` and `import pandas as pd`, from the folder that holds the
data package (its files are read as text, so that a value reads as the page shows it: "61", "30.96%").
"""
from __future__ import annotations

PREAMBLE = "import decimal\nimport pandas as pd"


def _csv(ds, table: str) -> str:
    res = next(r for r in ds.descriptor["resources"] if r["name"] == table)
    return f'pd.read_csv("{ds.dir.name}/{res["path"]}", dtype=str, keep_default_na=False)'


def _key(ds, table: str) -> str:
    res = next(r for r in ds.descriptor["resources"] if r["name"] == table)
    key = res["schema"]["primaryKey"]
    return key[0] if isinstance(key, list) else key


def cell(ds, table: str, row: str, column: str) -> str:
    """One value of a table, as its CSV file holds it: `…set_index("subtheme_id").loc["talent-moral", "units"]`."""
    return f'{_csv(ds, table)}.set_index("{_key(ds, table)}").loc["{row}", "{column}"]'


def row_count(ds, table: str) -> str:
    return f"str(len({_csv(ds, table)}))"


def share(ds, row: str, decimals: int) -> str:
    """A subtheme's units ÷ all units (the roster's rows; in an edition coded with `--denominator coded`, the
    number of reports coded, which the descriptor records), rounded half up to the printed decimals, as
    `format_share` does."""
    units = cell(ds, "subthemes", row, "units")
    total = (f'__import__("json").load(open("{ds.dir.name}/datapackage.json", encoding="utf-8"))'
             '["x-coding"]["reports_coded"]'
             if ds.coding.get("denominator") == "coded"
             else f"len({_csv(ds, 'institutions')})")
    step = "1" if decimals == 0 else "0." + "0" * (decimals - 1) + "1"
    return (f'str((decimal.Decimal({units}) * 100 / {total}).quantize(decimal.Decimal("{step}"), '
            'decimal.ROUND_HALF_UP)) + "%"')
