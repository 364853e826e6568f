"""Data, validation, figures and runner of the Double High Plan mid-term research book.

The pipeline, from the bottom: `errors` and `format` (used everywhere) → `data` (load and validate the
package) → `coding` (the brief's method) → `figures` → `pages` (what each notebook shows) → `site` (the
Sphinx extension and the checks of the built HTML) → `run` (the runner) → `cli`. No module imports one
above it (a test checks this).

`shuanggao.load(data_dir)` loads and validates the data package. Names are imported on first use,
so that the command-line runner starts without pandas.
"""
from importlib import import_module

_EXPORTS = {
    "Dataset": ".data.dataset", "find_data_dir": ".data.dataset", "load": ".data.dataset",
    "DataValidationError": ".errors", "DataWarning": ".errors", "Problem": ".errors",
    "ShuanggaoError": ".errors",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
