"""Figures: `style` (the book's look, a CJK font from a package, reproducible files) and `charts`
(each figure computed from the data, with its alt text, caption and provenance)."""
