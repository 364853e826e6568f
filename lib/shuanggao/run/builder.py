"""`shuanggao build`: validate the data, execute the notebooks, assemble the site, swap it in on success.

This module orchestrates; what to do is decided by `plan`, and the doing is in `execute` and `assemble`.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

# pandas, frictionless and the data checks are imported only when needed (in `validate`), so that the
# worker processes fork from a small parent and start executing sooner.
from ..data import fingerprint
from ..errors import BuildError, DataValidationError
from ..project import chapters
from . import plan
from .execute import Outcome
from .schedule import Scheduler


@dataclass
class Options:
    root: Path
    data: Path | None = None
    out: Path | None = None
    jobs: int = os.cpu_count() or 1      # parallel notebooks, at least 1
    force: bool = False
    only: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    strict: bool = False          # Sphinx warnings are errors (-n -W --keep-going)
    strict_claims: bool = False   # a statement worded otherwise than in the brief's edition is an error
    site: bool = True             # assemble the HTML site after executing
    pdf: bool | None = None       # and the whole book as one PDF (None: for a full build, not with --only)
    quiet: bool = False
    english: bool = True          # the English edition too, under /en/ (the Chinese one is the site's root)
    spare_kernels: bool = False   # each worker warms a kernel for its next notebook (bench/bench.py)


class Builder:
    def __init__(self, opts: Options):
        self.o = opts
        self.root = opts.root
        given = opts.parameters.get("data_dir")
        # `-p data_dir X` names the data the notebooks read: validate that, not ROOT/data.
        # (A value of the wrong type is rejected with the other parameters, in `jobs`.)
        self.data = Path(given if isinstance(given, str) else opts.data or self.root / "data").resolve()
        self.out = (opts.out or self.root / "_build").resolve()
        self.src = self.out / "src"
        self.logs = self.out / "logs"
        self.ds = None
        if "lang" in opts.parameters:
            raise BuildError("-p lang: the runner builds the Chinese edition at the site's root and the English one "
                             "under en/ (each notebook once per language); use --no-english for the Chinese only")
        self.langs = ("zh", "en") if opts.english else ("zh",)
        # A quick re-run of some chapters (--only) makes no PDF unless asked for (--pdf).
        self.wants_pdf = opts.pdf if opts.pdf is not None else not opts.only
        self.pdf: bool | None = None  # whether the PDF is published: known once its engine was tried

    def src_of(self, lang: str) -> Path:
        """Where an edition's executed notebooks are staged: _build/src (Chinese), _build/src-en (English)."""
        return self.src if lang == "zh" else self.out / f"src-{lang}"

    def say(self, message: str) -> None:
        if not self.o.quiet:
            print(message, flush=True)

    # steps ----------------------------------------------------------------
    def validate(self):
        """The data, validated in full; or, when these exact bytes passed with this library and environment
        in this output folder before, loaded with the schema pass and the brief comparison skipped."""
        from ..data.dataset import load
        from ..data.printed import agreement, brief_checks, failures
        from ..translation import CHINESE

        package = fingerprint.package_sha256(self.data)
        inputs = self.inputs()
        key = plan.digest_files(inputs.library + inputs.environment, plan.hashlib.sha256(package.encode()))
        stamp = self.out / ".validated"
        known = stamp.exists() and stamp.read_text() == key.hexdigest()
        try:
            ds = load(self.data, validated_sha256=package if known else None)
        except DataValidationError as err:
            raise BuildError(str(err)) from None
        if known:
            self.say(f"data: {self.data} is unchanged since its last full validation")
            self.ds = ds
            return ds
        checks = brief_checks(ds, CHINESE)
        wrong = failures(ds, checks)
        if wrong:
            raise BuildError(f"{len(wrong)} number(s) in the data disagree with the brief:\n  "
                             + "\n  ".join(map(str, wrong)))
        self.say(f"data: {self.data} is valid ({len(ds.cases)} cases, {len(ds.institutions)} units; "
                 f"{agreement(checks)})")
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key.hexdigest())
        self.ds = ds
        return ds

    def check_catalogue(self) -> None:
        """The English catalogue, read strictly before any notebook starts (when the English edition is
        built): a line gettext cannot read, or a translation whose placeholders are not its message's, stops
        the build here, naming the file and line, instead of as a warning or a `KeyError` in a page."""
        from ..errors import CatalogueError
        from ..translation import catalogue

        if "en" not in self.langs:
            return
        try:
            catalogue.check(catalogue.path(self.root))
        except CatalogueError as err:
            raise BuildError(f"the English catalogue cannot be used (no notebook was run; the previous site is "
                             f"kept): {err}") from None

    def inputs(self) -> plan.Inputs:
        return plan.Inputs(
            # The library and the house style it reads (terminology, references, edition).
            library=sorted((self.root / "lib").rglob("*.py")) + sorted(p for p in (self.root / "style").rglob("*")
                                                                        if p.is_file()),
            data=sorted(p for p in self.data.rglob("*") if p.is_file()) if self.data.is_dir() else [],
            environment=[p for p in (self.root / "requirements.txt", self.root / "constraints.txt") if p.exists()])

    def jobs(self) -> list[plan.Job]:
        if self.o.jobs < 1:
            raise BuildError(f"--jobs {self.o.jobs}: give at least 1 parallel notebook")
        names = chapters(self.root)
        unknown = sorted(set(self.o.only) - set(names))
        if unknown:
            raise BuildError(f"no chapter named {', '.join(unknown)}; chapters are: {', '.join(names)}")
        book = self.root / "book"
        declared = {name: plan.read_parameters(book / f"{name}.ipynb") for name in names}
        known = {p for params in declared.values() for p in params}
        for key in self.o.parameters:
            if key not in known:
                listing = "; ".join(f"{p.name} ({p.type or 'any'}): {p.doc}" for p in
                                    {p.name: p for ps in declared.values() for p in ps.values()}.values())
                raise BuildError(f"no notebook has a parameter {key!r}; the parameters are: {listing}")
        for name, params in declared.items():
            plan.check_parameters(name, params, {k: v for k, v in self.o.parameters.items() if k in params})
        inputs = self.inputs()
        jobs = []
        for lang in self.langs:
            src = self.src_of(lang) / "book"
            parameters = {**self.o.parameters, "data_dir": str(self.data),
                          "validated_sha256": fingerprint.package_sha256(self.data), plan.SUMMARY_PARAMETER: str(src),
                          # The Chinese edition runs with the notebooks' default, as a reader of them would.
                          **({"lang": lang} if lang != "zh" else {})}
            sub = "" if lang == "zh" else lang
            jobs += plan.plan(names, book, src, self.logs / sub, parameters, inputs, self.out / "staging" / sub,
                              edition=lang)
        return jobs

    def execute(self, jobs: list[plan.Job], check_first=None) -> list[Outcome]:
        return Scheduler(self.o, self.root, self.out, self.src, self.say).execute(jobs, check_first)

    def site_sources(self) -> list[Path]:
        root = self.root
        return [root / "_config.yml", root / "_config.en.yml", root / "_toc.yml", root / "assets" / "package-lock.json",
                *sorted((root / "book").glob("*.md")), *sorted((root / "book" / "_site_static").rglob("*")),
                *sorted((root / "lib").rglob("*.py")), *sorted((root / "style").rglob("*"))]

    def run(self) -> Path | None:
        from . import outdir

        outdir.claim(self.out, is_default=self.o.out is None)
        with outdir.locked(self.out, say=self.say):
            try:
                return self.locked_run()
            except (OSError, BuildError) as err:
                if not outdir.disk_full(err):
                    raise
                raise BuildError(outdir.after_disk_full(self.out, english="en" in self.langs)) from None

    def locked_run(self) -> Path | None:
        start = time.monotonic()
        jobs = self.jobs()
        self.check_catalogue()
        ran = self.execute(jobs, check_first=self.validate)
        if self.o.strict_claims:
            self.check_claims_as_in_the_brief()
        if not self.o.site:
            return None
        key, stamp = plan.site_key(jobs, (self.o.strict, self.wants_pdf, self.langs), self.site_sources()), \
            self.out / ".site-key"
        published = (self.out / "html" / "index.html").exists()
        if not ran and published and stamp.exists() and stamp.read_bytes() == key.encode():
            self.say(f"site: {self.out / 'html' / 'index.html'} is up to date ({time.monotonic() - start:.1f} s)")
            return self.out / "html"
        from . import assemble

        if "en" in self.langs:
            self.check_same_numbers()
        new_html = self.edition_site("zh")
        if "en" in self.langs:
            english = self.edition_site("en")
            assemble.nest(english, new_html / "en")
        html = assemble.swap(new_html, self.out)
        stamp.write_text(key)
        self.say(f"site: {html / 'index.html'}  ({time.monotonic() - start:.1f} s)")
        return html

    def edition_site(self, lang: str) -> Path:
        """One edition built, audited and with its PDF, in a folder of its own (not yet published)."""
        from .. import registry
        from ..site.audit import audit_components, audit_html
        from . import assemble

        src, suffix = self.src_of(lang), "" if lang == "zh" else f"-{lang}"
        if self.pdf is None:
            self.pdf = self.wants_pdf and assemble.pdf_available(self.say)
        assemble.stage(self.root, src, self.ds, lang, self.langs, self.pdf)
        self.say(f"assembling the {'Chinese' if lang == 'zh' else 'English'} edition with Jupyter Book")
        # Strict builds report every page's warnings, so they read every page; a forced build starts afresh.
        full = self.o.strict or self.o.force
        jb_html = assemble.jupyter_book(src, self.out / f"jb{suffix}", self.logs / f"jupyter-book{suffix}.log",
                                        self.o.strict, full)
        new_html = assemble.private_copy(jb_html, self.out, f"html.new{suffix}")
        missing = audit_components(new_html, editions=len(self.langs), pdf=self.pdf)
        if missing:
            raise BuildError(f"the built pages ({lang}) lack what every page must carry; the previous site was "
                             "kept:\n  " + "\n  ".join(missing[:20]))
        stale = audit_html(new_html, registry.load(src / "book"))
        if stale:
            raise BuildError(f"the built pages ({lang}) disagree with the results registry; the previous site was "
                             "kept:\n  " + "\n  ".join(stale[:20]))
        if self.pdf:
            assemble.publish_pdf(self.root, new_html, self.data, self.say, lang)
        return new_html

    def check_claims_as_in_the_brief(self) -> None:
        """--strict-claims: every statement is worded as in the brief's edition (none follows other data)."""
        from .. import registry
        from ..pages.claims import departures_error

        if error := departures_error(registry.load(self.src / "book")):
            raise BuildError(f"--strict-claims: {error}; the previous site was kept")

    def check_same_numbers(self) -> None:
        """Both editions glue from registries that state the same values (only the words may differ)."""
        from .. import registry

        differ = registry.differences(registry.load(self.src / "book"), registry.load(self.src_of("en") / "book"))
        if differ:
            raise BuildError("the English edition states other values than the Chinese one; the previous site was "
                             "kept:\n  " + "\n  ".join(differ[:20]))


def build(opts: Options) -> Path | None:
    return Builder(opts).run()
