"""Search engines compared on the same phrases: this book's (Sphinx's index with exact phrases first) against
Pagefind's extended build (CJK segmentation by ICU4X, index fragments loaded per query).

For each phrase of tests/search_phrases.csv, in headless Chromium with a cold cache: whether the first result
holds the phrase as typed, the bytes the search itself transferred (its scripts and index, not the theme's
page), and the time from the query to the first result. Prints a table of medians.

    .venv/bin/python bench/search.py [SITE]        # default: _build/html (built by `make book`)
"""
from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
from shuanggao.figures.style import font_path  # noqa: E402
from shuanggao.normalize import normalize  # noqa: E402

OURS = ("searchindex.js", "search-pages.json", "searchtools.js", "search-zh.js", "language_data.js")
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind</title><script type="module">
window.run = async (q) => {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(q);
  const first = search.results.length ? await search.results[0].data() : null;
  return {t: performance.now() - t0, url: first && first.url, n: search.results.length};
};
</script>"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def contains(text: str, phrase: str) -> bool:
    return normalize(phrase.strip("“”\""))[0] in normalize(text)[0]


def measure(browser, origin, phrase, engine, texts):
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(urls.get(e["requestId"], ""), int(e["encodedDataLength"])))
    if engine == "ours":
        # A query is a visit to the search page: the time runs from navigation (page, index, first result).
        page.goto(f"{origin}/search.html?q={quote(phrase)}")
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        elapsed = page.evaluate("performance.now()")
        href = page.eval_on_selector("#search-results ul.search li a", "a => a.getAttribute('href')")
        doc = href.split("#")[0].removesuffix(".html")
        searched = {u: n for u, n in sizes.items() if u.split("?")[0].endswith(OURS)}
    else:
        page.goto(f"{origin}/pagefind-bench.html")
        page.wait_for_function("window.run !== undefined")
        sizes.clear()
        found = page.evaluate("q => window.run(q)", phrase)
        elapsed = found["t"]
        doc = (found["url"] or "").lstrip("/").removesuffix(".html")
        searched = {u: n for u, n in sizes.items() if "/pagefind/" in u}
    context.close()
    return {"right": contains(texts.get(doc, ""), phrase), "bytes": sum(searched.values()), "ms": elapsed, "doc": doc,
            "gzip": sum(gzipped(origin, url, n) for url, n in searched.items())}


SITE: Path = Path()


def gzipped(origin: str, url: str, sent: int) -> int:
    """What a host that compresses would send (Pagefind's index files are compressed already)."""
    import gzip

    path = SITE / url.removeprefix(origin + "/").split("?")[0]
    if "/pagefind/" in url or not path.is_file():
        return sent
    return len(gzip.compress(path.read_bytes(), 9))


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html").resolve()
    if not (site / "_static" / "search-pages.json").exists():
        print(f"no built site at {site}: run `make book` first", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    copy = work / "html"
    shutil.copytree(site, copy)
    global SITE
    SITE = copy
    (copy / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    index = [sys.executable, "-m", "pagefind", "--site", str(copy), "--root-selector", "article.bd-article",
             "--exclude-selectors", ".cell_input, .num-note, summary", "--force-language", "zh"]
    run = subprocess.run(index, capture_output=True, text=True)
    if run.returncode:
        print(run.stdout + run.stderr, file=sys.stderr)
        return 1
    texts = {p["doc"]: p["text"] for p in json.loads((copy / "_static" / "search-pages.json").read_text())}
    with (ROOT / "tests" / "search_phrases.csv").open(encoding="utf-8") as f:
        phrase_list = [r["phrase"] for r in csv.DictReader(f)]
    httpd, origin = serve(copy)
    xdg = work / "xdg" / "fonts"
    xdg.mkdir(parents=True)
    (xdg / font_path().name).symlink_to(font_path())
    from playwright.sync_api import sync_playwright

    rows = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"],
                                    env={**os.environ, "XDG_DATA_HOME": str(work / "xdg")})
        for engine in ("ours", "pagefind"):
            rows[engine] = [measure(browser, origin, phrase, engine, texts) for phrase in phrase_list]
        browser.close()
    httpd.shutdown()
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(phrase_list)} phrases from tests/search_phrases.csv, cold cache each, headless Chromium\n")
    print("| engine | first result holds the phrase | bytes of the search, median (gzip) | to first result (median) |")
    print("|---|---:|---:|---:|")
    names = {"ours": "Sphinx index + exact phrases (kept)", "pagefind": "Pagefind 1.5.2 extended"}
    for engine, results in rows.items():
        right = sum(r["right"] for r in results)
        kib = statistics.median(r["bytes"] for r in results) / 1024
        ms = statistics.median(r["ms"] for r in results)
        gz = statistics.median(r["gzip"] for r in results) / 1024
        print(f"| {names[engine]} | {right} of {len(results)} | {kib:.0f} KiB ({gz:.0f} KiB) | {ms:.0f} ms |")
    wrong = {e: [(ph, r["doc"]) for ph, r in zip(phrase_list, rs) if not r["right"]] for e, rs in rows.items()}
    print("\nfirst result without the phrase:", json.dumps(wrong, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
