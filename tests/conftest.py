import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shuanggao  # noqa: F401  (before nbformat: see its note on rfc3987_syntax)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def theme_ids(data: Path = DATA) -> list[str]:
    """The themes' ids in the data package's order (data/themes.csv owns them: no test types them)."""
    with open(data / "themes.csv", encoding="utf-8", newline="") as f:
        return [row["theme_id"] for row in sorted(csv.DictReader(f), key=lambda row: int(row["order"]))]


THEMES = theme_ids()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the data package that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def project_copy(tmp_path) -> Path:
    """The project's sources in another folder: its own npm cache, the same notebooks and library."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("_config.yml", "_config.en.yml", "_toc.yml", "requirements.txt", "constraints.txt"):
        shutil.copy2(ROOT / name, root / name)
    for folder in ("book", "assets", "lib", "style"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return root


def build_book(data: Path, out: Path, *extra: str, pdf: bool = False, english: bool = False
               ) -> subprocess.CompletedProcess:
    """The README's build, run as a user runs it (strict: any Sphinx warning fails it); the PDF and the English
    edition only where a test reads them (each adds about a minute)."""
    cmd = [sys.executable, "-m", "shuanggao", "build", "--root", str(ROOT), "--data", str(data), "--out", str(out),
           "--strict", *extra, *([] if pdf else ["--no-pdf"]), *([] if english else ["--no-english"])]
    return subprocess.run(cmd, capture_output=True, text=True)


# Tests that need the book built, a browser or a Jupyter server: the `build` lane (`make test`), not `make check`.
SLOW_FIXTURES = {"built", "browser", "server", "injected", "swept", "jupyter"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


def pytest_addoption(parser):
    parser.addoption("--built", metavar="OUT", type=Path, default=None,
                     help="use this finished build of the shipped data (`shuanggao build --out OUT`, both editions "
                          "and PDFs) instead of building one: for an author's loop; CI builds afresh")


@pytest.fixture(scope="session")
def built(tmp_path_factory, request) -> Path:
    """One full build of the shipped data (both editions, both PDFs), shared by every test of the run."""
    given = request.config.getoption("--built")
    if given is not None:
        assert (given / "html" / "index.html").exists(), f"--built {given}: no finished build there"
        return given.resolve()
    out = tmp_path_factory.mktemp("build")
    run = build_book(DATA, out, pdf=True, english=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def page_text(html_file: Path) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return "".join(parser.parts)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (make test installs it with apt-get where it can)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements.txt)")
    from shuanggao.figures.style import FONT_FILE, font_path

    # Chromium finds fonts through fontconfig: give it the CJK font from the mplfonts package, not the system's.
    xdg = tmp_path_factory.mktemp("xdg")
    (xdg / "fonts").mkdir()
    (xdg / "fonts" / FONT_FILE).symlink_to(font_path())
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, env={**os.environ, "XDG_DATA_HOME": str(xdg)},
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()
