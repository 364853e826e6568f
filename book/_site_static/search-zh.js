/* Chinese queries typed without spaces: split them into the words of the search index.
 *
 * Sphinx indexes Chinese text with jieba (and this book's dictionary of policy terms), but the search
 * box only splits a query at spaces and punctuation, so "推进产教融合" would be looked up as one word.
 * This splitter keeps a query that is itself an indexed word, and otherwise cuts each run of Chinese
 * characters by forward maximum matching against the index's own words.
 */
(() => {
  "use strict";
  const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;
  const HAN_RUNS = /([\u3400-\u9fff\uf900-\ufaff]+)/u;
  const byWords = (query) => query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);

  function dictionary() {
    // searchtools.js declares `const Search`: a global binding, but not a property of window.
    const index = typeof Search !== "undefined" && Search._index;
    if (!index) return null;
    if (!index._zhDictionary) {
      const words = new Set([...Object.keys(index.terms || {}), ...Object.keys(index.titleterms || {})]);
      let longest = 1;
      words.forEach((w) => { if (HAN.test(w)) longest = Math.max(longest, w.length); });
      index._zhDictionary = { words, longest: Math.min(longest, 16) };
    }
    return index._zhDictionary;
  }

  function segment(run, dict) {
    const words = [];
    for (let i = 0; i < run.length;) {
      let size = Math.min(dict.longest, run.length - i);
      while (size > 1 && !dict.words.has(run.substr(i, size))) size -= 1;
      const word = run.substr(i, size);
      if (size > 1 || dict.words.has(word)) words.push(word);
      i += size;
    }
    return words;
  }

  const splitChinese = (query) => {
    const dict = dictionary();
    const terms = [];
    for (const token of byWords(query)) {
      if (!dict || !HAN.test(token) || dict.words.has(token.toLowerCase())) {
        terms.push(token);
        continue;
      }
      for (const part of token.split(HAN_RUNS).filter((p) => p)) {
        if (!HAN.test(part)) {
          terms.push(part);
          continue;
        }
        // Sphinx scores a page by its best-matching word and treats words under three characters as
        // optional, so "建设" would rank every page titled 建设 level with the one on 智慧校园: when the
        // phrase holds a longer indexed word, the short ones (建设, 推进, 培育) are left out.
        const words = segment(part, dict);
        const long = words.filter((w) => w.length > 2);
        terms.push(...(long.length ? long : words));
      }
    }
    return terms;
  };

  // Loaded before searchtools.js, which keeps a splitQuery that is already defined.
  window.splitQuery = splitChinese;
})();

/* Exact phrases first, symbols kept, excerpts highlighted.
 *
 * Sphinx's index knows words, not phrases: 鲲鹏产业学院 matched 产业学院 on a page without the phrase, and
 * 1+X (split at "+" into "1", which Sphinx drops as a number, and "x") found nothing. On the search page
 * the text of every page (_static/search-pages.json, written by the runner) is loaded with the first
 * query. Pages that contain the query as typed, compared as the coder compares text (NFKC, so that
 * full-width １＋Ｘ is 1+X; ASCII case folded; white space ignored), come first, in Sphinx's order where
 * Sphinx found them and by the number of occurrences otherwise; then Sphinx's other results. Each result
 * shows an excerpt around the first occurrence with the phrase (or, for a partial match, a word) marked.
 */
(() => {
  "use strict";
  let pagesPromise = null;

  function normalize(text) {
    const chars = [];
    const origin = [];
    let i = 0;
    for (const ch of text) {
      for (const c of ch.normalize("NFKC")) {
        if (/\s/u.test(c)) continue;
        chars.push(c.length === 1 && c.charCodeAt(0) < 128 ? c.toUpperCase() : c);
        for (let k = 0; k < c.length; k += 1) origin.push(i);  // one entry per UTF-16 unit, as indexOf counts
      }
      i += ch.length;
    }
    return { text: chars.join(""), origin };
  }

  function pages() {
    if (!pagesPromise) {
      const root = document.documentElement.dataset.content_root || "";
      pagesPromise = fetch(`${root}_static/search-pages.json`)
        .then((response) => response.json())
        .then((docs) => docs.map((d) => ({ ...d, norm: normalize(d.text) })));
    }
    return pagesPromise;
  }

  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  function excerpt(doc, start, end) {
    const from = Math.max(0, start - 50);
    const to = Math.min(doc.text.length, end + 70);
    return (from > 0 ? "…" : "") + escapeHtml(doc.text.slice(from, start)) + "<mark>" +
      escapeHtml(doc.text.slice(start, end)) + "</mark>" + escapeHtml(doc.text.slice(end, to)) +
      (to < doc.text.length ? "…" : "");
  }

  function phraseAt(doc, needle, from = 0) {
    const at = doc.norm.text.indexOf(needle, from);
    if (at < 0) return null;
    return [doc.norm.origin[at], doc.norm.origin[at + needle.length - 1] + 1, at];
  }

  function occurrences(doc, needle) {
    let n = 0;
    for (let at = doc.norm.text.indexOf(needle); at >= 0; at = doc.norm.text.indexOf(needle, at + needle.length)) n += 1;
    return n;
  }

  function wordAt(doc, words) {
    const lower = doc.text.toLowerCase();
    for (const w of words) {
      const at = lower.indexOf(w.toLowerCase());
      if (at >= 0) return [at, at + w.length];
    }
    return null;
  }

  function show(results, needle, words) {
    for (const r of results) {
      const item = document.createElement("li");
      const link = item.appendChild(document.createElement("a"));
      // As Sphinx links its results: relative to the search page.
      link.href = `${r.doc.doc}${DOCUMENTATION_OPTIONS.LINK_SUFFIX}${r.anchor || ""}`;
      link.textContent = r.doc.title;
      if (r.exact) link.dataset.exact = "true";
      const at = r.exact ? phraseAt(r.doc, needle) : wordAt(r.doc, words);
      if (at) {
        const context = item.appendChild(document.createElement("p"));
        context.className = "context";
        context.innerHTML = excerpt(r.doc, at[0], at[1]);
      }
      Search.output.appendChild(item);
    }
    Search.stopPulse();
    Search.title.innerText = "搜索结果";
    Search.status.innerText = results.length
      ? `找到 ${results.length} 个页面${results.some((r) => r.exact) ? "（完整包含所搜词句的页面排在前面）" : ""}。`
      : "没有找到包含这些词语的页面。";
  }

  function query(original, text) {
    pages().then((docs) => {
      const [q, terms, excluded, highlight, objects] = Search._parseQuery(text);
      const ranked = Search._performSearch(q, terms, excluded, highlight, objects).reverse();  // best first
      const needle = normalize(text.trim().replace(/^["“”']+|["“”']+$/gu, "")).text;
      const byName = new Map(docs.map((d) => [d.doc, d]));
      const seen = new Set();
      const exact = [];
      const partial = [];
      for (const [name, , anchor] of ranked) {
        const doc = byName.get(name);
        if (!doc || seen.has(name)) continue;
        seen.add(name);
        (needle && doc.norm.text.includes(needle) ? exact : partial).push({ doc, anchor, exact: false });
      }
      const found = docs.filter((d) => !seen.has(d.doc) && needle && d.norm.text.includes(needle))
        .sort((a, b) => occurrences(b, needle) - occurrences(a, needle))
        .map((doc) => ({ doc, anchor: "" }));
      const first = [...exact, ...found].map((r) => ({ ...r, exact: true }));
      show([...first, ...partial], needle, [...highlight]);
    }).catch(() => original(text));
  }

  function install() {
    if (typeof Search === "undefined" || Search._phraseSearch) return;
    const original = Search.query;
    Search._phraseSearch = true;
    Search.query = (text) => query(original, text);
  }

  // Before searchtools.js runs its own search on DOMContentLoaded.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
