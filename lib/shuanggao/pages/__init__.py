"""What each notebook shows: one module per notebook (`overview`, `theme` for the five theme chapters,
`explorer`, `coding`, `data`, `verify`, `reproducibility`), on the shared `base.Page`.

Each module's docstring lists the glue keys it defines, spelled out in full for the shipped data (a test
checks them against the registry), so that a key used in prose can be found by searching.
"""
from .base import Page

__all__ = ["Page"]
