"""What a phone is shown of a figure: its phone variant, drawn by the same chart function at PHONE_WIDTH_IN and
saved beside the figure as `phone_name(name)`, which the site serves to viewports up to PHONE_MAX_VIEWPORT_PX
(`site.phonefigures`). Light on purpose (no matplotlib): the Sphinx extension reads it too."""
from __future__ import annotations

# Shown 343 px wide on a 375 px phone (`rules.PHONE_COLUMN_PX`), a figure this wide sets its smallest text, 10 pt, at
# about 11.9 px (`rules.text_size_problems` checks every text of both variants).
PHONE_WIDTH_IN = 4.0
PHONE_MAX_VIEWPORT_PX = 599


def phone_name(name: str) -> str:
    """The file name (without suffix) of the phone variant of the figure named `name`."""
    return f"{name}-phone"
