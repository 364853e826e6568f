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
