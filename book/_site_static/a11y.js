/* Accessibility fixes for markup that the theme and the table library generate.
 *
 * - A control whose visible text is not part of its aria-label (the search button's "搜索 Ctrl+K",
 *   the code toggles' English "Toggle hidden content") takes its name from its text instead.
 * - A text input labelled only by its placeholder (the explorer's filter panes) gets that as its label.
 * - A region that scrolls (the filter panes' lists) can be reached with the keyboard.
 * Applied once the page has first been drawn, and whenever it changes (the explorer builds its tables after load).
 */
(() => {
  "use strict";
  // The text a reader sees in a control. Not innerText, which lays the page out: for every control, at every
  // change, that was half a second of a phone's main thread on a chapter (Lighthouse's longest task). Visibility
  // needs only the computed style (a search button's label is display: none on a phone).
  function visibleText(el) {
    let text = "";
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const parent = node.parentElement;
      if (!parent.checkVisibility || parent.checkVisibility()) text += ` ${node.data}`;
    }
    return text.replace(/\s+/g, " ").trim();
  }
  function fix(root) {
    // Every read before any write: a removed attribute invalidates the page's style, and the next read would
    // compute it again (once per control).
    const misnamed = [...root.querySelectorAll("button[aria-label], summary[aria-label], a[aria-label]")]
      .filter((el) => { const text = visibleText(el); return text && !el.getAttribute("aria-label").includes(text); });
    misnamed.forEach((el) => el.removeAttribute("aria-label"));
    root.querySelectorAll("input[placeholder]:not([aria-label]):not([aria-labelledby])").forEach((el) => {
      if (!el.id || !document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) {
        el.setAttribute("aria-label", el.getAttribute("placeholder"));
      }
    });
    root.querySelectorAll(".dt-scroll-body:not([tabindex])").forEach((el) => el.setAttribute("tabindex", "0"));
  }
  // After load, only what was added is looked at (the explorer's tables, the code toggles).
  let added = [];
  const observer = new MutationObserver((records) => {
    const first = !added.length;
    records.forEach((r) => r.addedNodes.forEach((n) => { if (n.nodeType === 1) added.push(n); }));
    if (!first || !added.length) return;
    requestAnimationFrame(() => {
      const roots = added;
      added = [];
      roots.forEach((n) => { if (n.isConnected) { fix(n); if (n.matches("button, summary, a, input")) fix(n.parentElement); } });
    });
  });
  // A table in a closed group (shuanggao.site.cards) is measured when the group opens, as the theme measures the
  // others at load: one that scrolls can be reached with the keyboard.
  document.addEventListener("toggle", (event) => {
    if (!event.target.open) return;
    const tables = [...event.target.querySelectorAll(".book-folded-table")];
    const scrolls = tables.map((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    tables.forEach((el, i) => { el.tabIndex = scrolls[i] ? 0 : -1; });
  }, true);
  const start = () => {
    fix(document);
    observer.observe(document.body, { childList: true, subtree: true });
  };
  // After the first frame: its style is computed by then, so reading visibility costs nothing; read while the
  // other scripts were still changing the page, it cost a whole computation of the page's style (Lighthouse's
  // second-longest task on the verification page).
  const soon = () => requestAnimationFrame(() => setTimeout(start, 0));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", soon);
  else soon();
})();

/* A link to a row inside a folded group (the verification page's registry) opens the group. */
(() => {
  "use strict";
  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    const group = target && target.closest("details");
    if (group && !group.open) {
      group.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openTarget);
  else openTarget();
})();
