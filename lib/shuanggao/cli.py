"""Command line: `shuanggao validate | build | code | serve | lab | translations | new-chapter | rules`.

Every failure a user can cause is a `ShuanggaoError` (or an operating-system error about a path they gave),
caught once in `main`: one clear message and exit 1, never a traceback.

It is longer than 250 lines because every subcommand's flags, with their checks and help, are declared here, in
one place a user's `--help` reads; what each command does is in its own module.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import warnings
from pathlib import Path

from .errors import ShuanggaoError


def _validate(args) -> int:
    from .data.dataset import load
    from .data.printed import agreement, brief_checks, failures
    from .errors import DataValidationError
    from .translation import CHINESE

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = load(args.data)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    # Every check a build runs on the data: the brief's printed numbers read back and compared too.
    checks = brief_checks(ds, CHINESE)
    wrong = failures(ds, checks)
    if wrong:
        raise DataValidationError(wrong, ds.dir)
    counts = ", ".join(f"{name} {len(df)}" for name, df in ds.tables.items())
    print(f"{ds.dir}: valid ({counts}; {agreement(checks)})")
    return 0


def _build(args) -> int:
    import yaml

    from .errors import UsageError
    from .project import find_root
    from .run.builder import Options, build

    only = [n.strip().removesuffix(".ipynb") for item in args.only for n in item.split(",") if n.strip()]
    params = {}
    for key, value in args.parameter:
        try:
            params[key] = yaml.safe_load(value)
        except yaml.YAMLError as err:
            raise UsageError(f"-p {key} {value}: the value is read as YAML and cannot be parsed "
                             f"({getattr(err, 'problem', None) or err}); to give it as text, quote it: "
                             f"-p {key} \"'{value}'\"") from None
    try:
        build(Options(root=find_root(args.root), data=args.data, out=args.out, jobs=args.jobs, force=args.force,
                      only=only, parameters=params, strict=args.strict, strict_claims=args.strict_claims,
                      site=not args.no_site, pdf=True if args.pdf else False if args.no_pdf else None,
                      quiet=args.quiet, english=not args.no_english, spare_kernels=args.spare_kernels))
    except KeyboardInterrupt:
        # Workers, kernels and partial files are already cleaned up (see Builder.execute). Exit now,
        # ignoring a second Ctrl-C, so that interpreter shutdown cannot turn 130 into death by SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("build interrupted; the previous site is unchanged", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(130)
    return 0


def _code(args) -> int:
    from .coding.batch import code_corpus
    from .coding.codebook import package_codebook, read_codebook
    from .coding.coder import Coder, for_people, summarise
    from .data.dataset import load
    from .errors import UsageError

    if args.total is not None and args.total < 1:
        raise UsageError(f"--total {args.total}: the number of units must be a positive whole number")
    if args.total is not None and args.denominator == "coded":
        raise UsageError(f"--total {args.total} with --denominator coded: the shares are taken of the reports "
                         "coded; give one or the other")
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give at least one worker")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder for subthemes.csv and matches.csv")
    ds = load(args.data)
    total = args.total or ds.total
    if args.edition is not None and total != ds.total:
        raise UsageError(f"--total {total} with --edition: an edition keeps the package's denominator "
                         f"({ds.total} units, constants.csv) or takes the reports coded (--denominator coded); "
                         "leave --total out")
    codebook = read_codebook(args.codebook, ds) if args.codebook else package_codebook(ds)
    counted = ds.subthemes[ds.subthemes.units.notna()].subtheme_id
    uncoded = sorted(set(counted) - set(codebook.terms.subtheme_id))
    if args.denominator == "coded" and args.edition is not None and uncoded:
        # Their counts would stay the brief's, of all units: the edition would mix two denominators.
        raise UsageError(f"--denominator coded: the codebook has no term for {', '.join(uncoded)}, whose counts "
                         "would stay the brief's (of all units); give terms for every counted subtheme, or "
                         "--denominator all")
    coded = code_corpus(Coder(codebook.terms, codebook.variants), args.input, jobs=args.jobs,
                        skip_bad=args.skip_bad, progress=not args.quiet)
    if args.denominator == "coded":
        total = len(coded.institutions)
        if not 1 <= total <= ds.total:
            raise UsageError(f"--denominator coded: {total} report(s) coded; the shares need 1 to {ds.total}")
    if len(coded.institutions) > total:
        raise UsageError(f"{len(coded.institutions)} institutions' texts but a total of {total} units: a share "
                         "cannot exceed 100%; give the right --total (at least the number of institutions coded)")
    for problem in coded.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    subthemes = ds.subthemes[ds.subthemes.subtheme_id.isin(codebook.terms.subtheme_id)]
    table = summarise(coded.matches, subthemes, total)
    summary = (f"coded {len(coded.institutions)} text(s), {coded.characters:,} characters, "
               f"{len(coded.matches)} match(es) in {coded.seconds:.1f} s")
    if args.edition is not None:
        from .coding.edition import write_edition

        changes = write_edition(ds, table, coded.matches, len(coded.institutions), args.edition,
                                codebook=codebook, codebook_path=args.codebook, denominator=args.denominator,
                                institutions=list(coded.institutions))
        print(f"{summary}; wrote the edition {args.edition} (with matches.csv), shares of {total}")
        for sid, column, printed, value in changes:
            print(f"  {sid} {column}: {printed or '—'} → {value}")
        print(f"build it: shuanggao build --data {args.edition} --out SITE")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    # For people: with a BOM, so that a spreadsheet program reads the Chinese (an edition's files stay plain UTF-8).
    for_people(table).to_csv(args.out / "subthemes.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    coded.matches.to_csv(args.out / "matches.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    print(f"{summary}; wrote {args.out / 'subthemes.csv'} and {args.out / 'matches.csv'}")
    print(table[["subtheme_id", "units", "share", "practices"]].to_string(index=False))
    return 0


def _lab(args) -> int:
    from .lab import run
    from .project import find_root

    return run(find_root(), args.port, browser=not args.no_browser)


def _translations(args) -> int:
    from .errors import CatalogueError
    from .project import find_root
    from .translation.report import findings, update_catalogue

    root = find_root()
    if args.update:
        try:
            added = update_catalogue(root)
        except CatalogueError as err:
            # Usage-like: the catalogue must be mended by hand before it can be updated (exit 2, as argparse).
            print(f"error: {err}; the catalogue was not changed (fix this line, then run --update again)",
                  file=sys.stderr)
            return 2
        print(f"{added} new message(s) added to style/locale/en.po (empty msgstr: translate them there)")
    found = findings(root)
    for finding in found:
        print(finding)
    print(f"{len(found)} passage(s) untranslated or outdated" if found else "the English edition is complete: "
          "every passage is translated from the current Chinese")
    return 1 if found else 0


def _new_chapter(args) -> int:
    from .project import find_root
    from .scaffold import new_chapter

    root = find_root()
    for path in new_chapter(root, args.name, args.title, args.title_en, args.part):
        print(f"wrote {path.relative_to(root)}")
    print(f"build it: shuanggao build --only {args.name}  (write its prose in book/{args.name}.ipynb, each Chinese "
          f"cell followed by its English; its numbers in lib/shuanggao/pages/{args.name}.py)")
    return 0


def _rules(args) -> int:
    from .errors import catalogue_markdown

    print(catalogue_markdown(), end="")
    return 0


def _serve(args) -> int:
    from .project import find_root
    from .site.serve import server

    folder = args.dir or find_root() / "_build" / "html"
    if not (folder / "index.html").exists():
        print(f"error: no built site in {folder} (run make book first)", file=sys.stderr)
        return 1
    httpd = server(folder, args.port)
    print(f"serving {folder} compressed at http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C stops)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free one)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (a whole number 0–65535)") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number: ports are 0 to 65535")
    return value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="shuanggao", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data package and list every problem")
    v.add_argument("data", nargs="?", default=None, help="data directory (default: the nearest data/ above here)")
    v.set_defaults(func=_validate)
    b = sub.add_parser("build", help="execute the chapter notebooks (in parallel, cached) and build the site")
    b.add_argument("--root", type=Path, default=None, help="project folder (default: found from here)")
    b.add_argument("--data", type=Path, default=None, help="data directory (default: ROOT/data)")
    b.add_argument("--out", type=Path, default=None, help="output directory (default: ROOT/_build)")
    b.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel notebooks (default: cores)")
    b.add_argument("-f", "--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    b.add_argument("--only", action="append", default=[], metavar="CHAPTER",
                   help="execute only these chapters (e.g. --only talent,service); others keep their last run; "
                        "no PDF unless --pdf")
    b.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                   help="a papermill parameter for every notebook that declares it (value read as YAML)")
    b.add_argument("--strict", action="store_true", help="Sphinx warnings are errors (-n -W --keep-going)")
    b.add_argument("--strict-claims", action="store_true",
                   help="fail if a statement is worded otherwise than in the brief's edition because this edition's "
                   "data makes another wording true (by default the page states it and the verification page lists it)")
    b.add_argument("--no-site", action="store_true", help="execute the notebooks only")
    pdf = b.add_mutually_exclusive_group()
    pdf.add_argument("--pdf", action="store_true",
                     help="make the whole-book PDF with --only too (a full build makes it by default)")
    pdf.add_argument("--no-pdf", action="store_true",
                     help="build the site without the whole-book PDF (the default with --only)")
    b.add_argument("--no-english", action="store_true",
                   help="build the Chinese edition only (the English one is built under en/ by default)")
    b.add_argument("--spare-kernels", action=argparse.BooleanOptionalAction, default=False,
                   help="while a notebook runs, its worker starts the next one's kernel and imports pandas, seaborn "
                   "and the library in it (9 %% faster clean builds on a quiet 2-core machine; off by default "
                   "until Ctrl-C is shown to end spare kernels too)")
    b.add_argument("-q", "--quiet", action="store_true")
    b.set_defaults(func=_build)
    c = sub.add_parser("code", help="code reports with the codebook and write the brief's table "
                       "(units, shares, practices)")
    c.add_argument("input", type=Path,
                   help="a folder of UTF-8 .txt/.md files (one per institution) or a CSV (institution,text)")
    c.add_argument("--out", type=Path, default=Path("coding-output"), help="output folder (default: coding-output)")
    c.add_argument("--data", type=Path, default=None, help="data package with the codebook (default: ./data)")
    c.add_argument("--total", type=int, default=None, help="denominator of the shares (default: units_total, 197)")
    c.add_argument("--denominator", choices=("all", "coded"), default="all",
                   help="the shares' denominator: all units (units_total, the default) or the number of reports "
                   "coded; an edition records it and its pages say so")
    c.add_argument("--codebook", type=Path, default=None, metavar="FILE",
                   help="code with your own terms: a CSV with the columns term_id, subtheme_id, term (no brief "
                   "line locators); default: the package's codebook. An edition records it")
    c.add_argument("--skip-bad", action="store_true",
                   help="skip texts that cannot be read (e.g. not UTF-8) and code the rest")
    c.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    c.add_argument("--edition", type=Path, default=None, metavar="OUT",
                   help="write a complete data package at OUT with the coded values (and reasons.csv rows, "
                   "matches.csv); build it with: shuanggao build --data OUT")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    c.set_defaults(func=_code)
    s = sub.add_parser("serve", help="serve the built site as a host does (precompressed .br/.gz)")
    s.add_argument("--dir", type=Path, default=None, help="site folder (default: ROOT/_build/html)")
    s.add_argument("--port", type=port, default=8000)
    s.set_defaults(func=_serve)
    lab = sub.add_parser("lab", help="open JupyterLab on the book's notebooks (widgets live, nothing from a CDN)")
    lab.add_argument("--port", type=port, default=8888)
    lab.add_argument("--no-browser", action="store_true", help="only print the address to open")
    lab.set_defaults(func=_lab)
    t = sub.add_parser("translations", help="list what the English edition lacks: untranslated or outdated passages")
    t.add_argument("--update", action="store_true",
                   help="add the library's new messages to style/locale/en.po (changed ones are marked fuzzy)")
    t.set_defaults(func=_translations)
    n = sub.add_parser("new-chapter", help="add a chapter: its notebook, its page module and its _toc.yml entry")
    n.add_argument("name", help="the chapter's name: lower-case letters, digits and _ (book/NAME.ipynb)")
    n.add_argument("--title", required=True, help="the chapter's title in Chinese")
    n.add_argument("--title-en", required=True, help="the chapter's title in the English edition")
    n.add_argument("--part", default=None, help="the _toc.yml part (caption) it ends (default: the last part)")
    n.set_defaults(func=_new_chapter)
    r = sub.add_parser("rules", help="list every validation rule (the catalogue data/README.md shows)")
    r.set_defaults(func=_rules)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ShuanggaoError as err:
        prefix = {"build": "build failed", "code": "error"}.get(args.command, "error")
        print(f"{prefix}: {err}" if args.command != "validate" else str(err), file=sys.stderr)
        hint = getattr(err, "hint", "")
        if hint:
            print(f"({hint})", file=sys.stderr)
        return 1
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        # A path the user gave cannot be written or read (read-only folder, a file where a folder is due …).
        where = f": {err.filename}" if err.filename else ""
        print(f"error: {err.strerror or err}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
