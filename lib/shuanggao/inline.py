"""How a chapter's prose pastes a number its page glued, in one place: MyST's standard inline expression,
{eval}`key`, so the same Markdown cell reads as a chapter on the site and in JupyterLab.

- On the site, the book's Sphinx extension (`site.sphinx_ext`) resolves {eval}`key` to the text glued under
  `key`, exactly what {glue:text}`key:s` pastes, linked to its verification row (myst-nb's own `eval` role
  needs a kernel while the page is rendered; the book renders executed notebooks without one).
- In JupyterLab, jupyterlab-myst asks the kernel to evaluate `key` when the Markdown cell runs: `bind` gives
  the glued text that name in the notebook's namespace, as a `Pasted` string, which shows without quotes.

A kernel has only its own page's numbers: a chapter that restates another's number or statement glues it itself,
from the same function (the 结语 the overview's claims). Only the home page, which has no kernel, pastes from other
notebooks with myst-nb's {glue:text}`other.ipynb::key:s`. `site.audit` checks every pasted number against the
registry.
"""
from __future__ import annotations

import builtins
import keyword
import re

ROLE = "eval"
EXPRESSION = re.compile(r"\{eval\}`([^`]+)`")


def reference(key: str) -> str:
    """What prose writes to paste the number glued under `key` on its own page."""
    return f"{{{ROLE}}}`{key}`"


def glue_target(expression: str) -> str:
    """The {glue:text} target an inline expression stands for: `key` → `key:s` (the glued text as it is)."""
    return f"{expression.strip()}:s"


class Pasted(str):
    """A glued text as the kernel shows it: the text itself, not its repr in quotes."""

    def __repr__(self) -> str:
        return str.__str__(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str.__str__(self))


def glue(key: str, text: str) -> None:
    """Glue `text` under `key` for the site (myst-nb) and, in a kernel, for JupyterLab (`bind`)."""
    from myst_nb import glue as myst_glue

    myst_glue(key, text, display=False)
    bind(key, text)


def bind(key: str, text: str) -> None:
    """In a running IPython kernel, name the glued text `key` (what {eval}`key` evaluates in JupyterLab);
    elsewhere nothing. A key that would hide a notebook's own variable or a builtin is refused."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover (IPython comes with the stack)
        return
    shell = get_ipython()
    if shell is None:
        return
    if not key.isidentifier() or keyword.iskeyword(key) or hasattr(builtins, key):
        raise ValueError(f"glue key {key!r} cannot be a name in the notebook: prose pastes it as {reference(key)}")
    present = shell.user_ns.get(key)
    if key in shell.user_ns and not isinstance(present, Pasted):
        raise ValueError(f"glue key {key!r} would replace the notebook's own variable {key!r}: rename one of them")
    shell.user_ns[key] = Pasted(text)
