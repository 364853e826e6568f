"""Data, validation, figures and runner of the Double High Plan mid-term research book.

The pipeline, from the bottom: `errors` and `format` (used everywhere) → `data` (load and validate the
package) → `coding` (the brief's method) → `figures` → `pages` (what each notebook shows) → `site` (the
Sphinx extension and the checks of the built HTML) → `run` (the runner) → `cli`. No module imports one
above it (a test checks this).

`shuanggao.load(data_dir)` loads and validates the data package. Names are imported on first use,
so that the command-line runner starts without pandas.
"""
import sys
from importlib import import_module

# nbformat imports jsonschema, whose optional `rfc3987_syntax` compiles some forty Lark grammars when imported:
# 2.7 CPU s in every process that reads a notebook (the runner, each of its workers, each test worker), for IRI
# format checks nothing here asks for. A None entry makes that optional import fail as if it were not installed.
sys.modules.setdefault("rfc3987_syntax", None)

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
