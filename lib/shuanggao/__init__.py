"""Data, validation, figures and runner of the Double High Plan mid-term research book.

`shuanggao.load(data_dir)` loads and validates the data package. Names are imported on first use,
so that the command-line runner starts without pandas.
"""
from importlib import import_module

_EXPORTS = {
    "Dataset": ".dataset", "find_data_dir": ".dataset", "load": ".dataset",
    "DataValidationError": ".problems", "DataWarning": ".problems", "Problem": ".problems",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
