"""The data package: read its files, check them against the schema and the brief's rules, load the tables.

Modules, from the bottom: `files` (bytes to rows), `schema` (frictionless), `source` (the brief and its
quotations), `rules` (checks a schema cannot state), `printed` (every number the brief prints, read back),
`fingerprint` (the package's hash), `dataset` (the one entry point, `load`).
"""
from importlib import import_module

_EXPORTS = {"Dataset": ".dataset", "find_data_dir": ".dataset", "load": ".dataset"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
