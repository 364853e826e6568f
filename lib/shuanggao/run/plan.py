"""Planning a build, without doing any of it: which notebooks, with which parameters, in which order,
and which of them the cache already holds. Nothing here writes a file or starts a process."""
from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, CacheError
from ..project import code_digest

# The parameter through which a page declares that it summarises the other pages: the runner executes such
# pages after the chapters, and again only when what they read of the chapters changed.
SUMMARY_PARAMETER = "results_dir"
CACHE_DIR = ".cache"
TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool, "list": list, "dict": dict}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str          # as annotated in the parameters cell ("str", "int", …; "" if not annotated)
    default: str       # the default as written
    doc: str           # the comment after it


@dataclass
class Job:
    name: str                 # notebook stem, e.g. "talent"
    source: Path              # clean notebook in book/
    target: Path              # executed copy under _build/src/book/
    parameters: dict
    log: Path | None = None
    summary: bool = False     # reads the other pages' results, so runs after them
    key: str = ""             # what the executed copy is made from
    staging: Path | None = None  # where a run writes, until the runner commits it
    prose: str = ""           # the whole source notebook, Markdown included
    settled: bool = False     # a summary page's key includes what it reads of the chapters
    spare: bool = False       # its worker warms a kernel for a next notebook while this one runs
    edition: str = "zh"       # the language it is executed in (its `lang` parameter)

    @property
    def label(self) -> str:
        """How messages and timings name it: talent, en/talent."""
        return self.name if self.edition == "zh" else f"{self.edition}/{self.name}"

    @property
    def stamp(self) -> Path:
        return self.target.parent / CACHE_DIR / f"{self.name}.key"

    @property
    def prose_stamp(self) -> Path:
        return self.target.parent / CACHE_DIR / f"{self.name}.prose"


@dataclass
class Inputs:
    """What every executed notebook depends on besides its own source and parameters."""

    library: list[Path] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)
    environment: list[Path] = field(default_factory=list)


def read_parameters(notebook: Path) -> dict[str, Parameter]:
    """The parameters a notebook declares (its cell tagged `parameters`), e.g.
    `data_dir: str = None  # 数据包目录`."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BuildError(f"{notebook}: not a readable notebook ({err})") from None
    cell = next((c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    source = "".join(cell["source"])
    lines = source.splitlines()
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, kind = node.target.id, ast.unparse(node.annotation)
            default = ast.unparse(node.value) if node.value is not None else ""
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, kind, default = node.targets[0].id, "", ast.unparse(node.value)
        else:
            continue
        comment = lines[node.lineno - 1].partition("#")[2].strip()
        found[name] = Parameter(name, kind, default, comment)
    return found


def check_parameters(name: str, declared: dict[str, Parameter], given: dict) -> None:
    """Reject a parameter the notebook does not declare, or a value of the wrong type, before any kernel starts."""
    listing = "; ".join(f"{p.name} ({p.type or 'any'}, default {p.default}): {p.doc}" for p in declared.values())
    for key, value in given.items():
        if key not in declared:
            raise BuildError(f"{name}.ipynb has no parameter {key!r}; its parameters are: {listing}")
        wanted = TYPES.get(declared[key].type.replace(" | None", ""))
        wrong = wanted is not None and value is not None and (
            not isinstance(value, wanted) or (isinstance(value, bool) and wanted is not bool))
        if wrong:
            raise BuildError(f"-p {key} {value!r}: {name}.ipynb expects {declared[key].type} "
                             f"({declared[key].doc}); its parameters are: {listing}")


def check_subset(parameters: dict) -> None:
    """`-p units …` names a subset of the roster (`data.subset`): checked before any kernel starts, so that a wrong
    field or value is one message (a `SubsetError`) naming the parameter, the value, the rule and the valid values."""
    spec, data = parameters.get("units"), parameters.get("data_dir")
    if not isinstance(spec, str) or data is None:
        return  # none, or of the wrong type (refused by `check_parameters`)
    from ..data import subset  # pandas, only when a subset is asked for

    try:
        roster = subset.roster(Path(data))
    except (OSError, ValueError, KeyError, StopIteration):
        return  # a package that cannot be read is reported, with every problem, by its validation
    subset.parse(spec, roster)


def digest_files(paths, h=None):
    h = h or hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h


def job_key(job: Job, inputs: Inputs) -> str:
    """Everything an executed notebook's outputs depend on: its code, the library, the data, parameters,
    environment."""
    h = hashlib.sha256()
    h.update(code_digest(job.source).encode())
    for label in ("data", "environment", "library"):
        h.update(label.encode())
        digest_files(getattr(inputs, label), h)
    # Where the other pages' results are is not what they are: the chapters' keys (in a summary's key) are.
    params = {k: v for k, v in job.parameters.items() if k != SUMMARY_PARAMETER}
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    return h.hexdigest()


def plan(names: list[str], book: Path, src: Path, logs: Path, parameters: dict, inputs: Inputs,
         staging: Path | None = None, edition: str = "zh") -> list[Job]:
    """One job per notebook. A summary page's key is completed by `settle_summaries`, once the chapters ran."""
    check_subset(parameters)
    jobs = []
    for name in names:
        source = book / f"{name}.ipynb"
        declared = read_parameters(source)
        given = {k: v for k, v in parameters.items() if k in declared}
        job = Job(name, source, src / f"{name}.ipynb", given, log=logs / f"{name}.log",
                  summary=SUMMARY_PARAMETER in declared, staging=(staging or src / ".staging") / name,
                  edition=edition)
        job.key = job_key(job, inputs)
        job.prose = hashlib.sha256(source.read_bytes()).hexdigest()
        jobs.append(job)
    return jobs


def read_by_summaries(job: Job) -> bytes:
    """What a summary page reads of one page: a chapter's results registry (verification), and any page's
    run record, i.e. code digest and parameters (reproducibility). Times and outputs are not read."""
    results = b""
    if not job.summary:
        try:
            results = (job.target.parent / "_results" / f"{job.name}.json").read_bytes()
        except OSError:
            pass
    return b"".join([job.name.encode(), results, code_digest(job.source).encode(),
                     json.dumps(job.parameters, sort_keys=True, default=str).encode()])


def settle_summaries(jobs: list[Job]) -> None:
    """Complete the summary pages' keys from what they read of the chapters, after the chapters ran: a
    chapter re-executed with the same results leaves verification and reproducibility cached."""
    for edition in {j.edition for j in jobs}:
        # A summary page reads the chapters of its own edition.
        ones = [j for j in jobs if j.edition == edition]
        read = hashlib.sha256(b"".join(read_by_summaries(j) for j in ones)).hexdigest()
        for job in ones:
            if job.summary and not job.settled:
                job.key = hashlib.sha256((job.key + read).encode()).hexdigest()
                job.settled = True


def cached(job: Job) -> bool:
    """The executed copy exists and was made from exactly this key."""
    try:
        stamp = job.stamp.read_bytes()
    except OSError:
        return False
    if stamp != job.key.encode() or not job.target.exists():
        return False
    try:
        json.loads(job.target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CacheError(f"the cached notebook {job.target} is corrupt ({type(err).__name__}: {err}); "
                         "run the build again with --force to rebuild the cache") from None
    return True


def prose_changed(job: Job) -> bool:
    """The executed copy is current in its code but its prose is not the source's (a Markdown edit)."""
    try:
        return job.prose_stamp.read_text() != job.prose
    except (OSError, UnicodeDecodeError):
        return True


def pending(jobs: list[Job], force: bool, only: list[str], is_cached=cached) -> list[Job]:
    """Which notebooks need executing: changed ones, or those named by --only, or all with --force."""
    def needed(job: Job) -> bool:
        if force:
            return True
        if only and not job.summary:
            # Other chapters keep their last run, if that run was committed.
            return job.name in only or not job.target.exists() or not job.stamp.exists()
        return not is_cached(job)
    return [j for j in jobs if needed(j)]


def longest_first(jobs: list[Job], durations: dict[str, float]) -> list[Job]:
    """Chapters by the last run's times, longest first (unknown ones first of all), so that no long notebook
    starts last and keeps the summary pages waiting while the other workers sit idle."""
    return sorted(jobs, key=lambda j: -durations.get(j.label, float("inf")))


def mark_spares(ordered: list[Job], workers: int, more_after: bool) -> None:
    """A worker warms a spare kernel only while notebooks remain for it to take: every job but the last
    `workers` ones, and those too when more notebooks follow (the summary pages after the chapters)."""
    for i, job in enumerate(ordered):
        job.spare = more_after or i < len(ordered) - workers


def site_key(jobs: list[Job], strict, sources: list[Path]) -> str:
    """What the HTML is made from: the executed notebooks' keys and every staged source file."""
    h = hashlib.sha256("".join(j.key + j.prose for j in jobs).encode())
    h.update(str(strict).encode())
    return digest_files([p for p in sources if p.is_file()], h).hexdigest()
