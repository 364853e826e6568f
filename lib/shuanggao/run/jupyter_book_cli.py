"""Jupyter Book's command line as the runner starts it (`python -m shuanggao.run.jupyter_book_cli build …`).

The same command as the `jupyter-book` script, in a process that has imported `shuanggao` first, whose import keeps
jsonschema's optional `rfc3987_syntax` out (see `shuanggao/__init__.py`): Jupyter Book's config module imports
jsonschema, and those grammars cost about 2.7 s of every build, a one-sentence edit's included.
"""
import shuanggao  # noqa: F401  (imported for its side effect, before Jupyter Book)

if __name__ == "__main__":
    from jupyter_book.cli.main import main

    main()
