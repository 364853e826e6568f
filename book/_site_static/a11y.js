/* Accessibility fixes for markup that the theme and the table library generate.
 *
 * - A control whose visible text is not part of its aria-label (the search button's "搜索 Ctrl+K",
 *   the code toggles' English "Toggle hidden content") takes its name from its text instead.
 * - A text input labelled only by its placeholder (the explorer's filter panes) gets that as its label.
 * - A region that scrolls (the filter panes' lists) can be reached with the keyboard.
 * Applied on load and whenever the page changes (the explorer builds its tables after load).
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
    root.querySelectorAll("button[aria-label], summary[aria-label], a[aria-label]").forEach((el) => {
      const text = visibleText(el);
      if (text && !el.getAttribute("aria-label").includes(text)) el.removeAttribute("aria-label");
    });
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
  const start = () => {
    fix(document);
    observer.observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
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
