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
  function fix(root) {
    root.querySelectorAll("button[aria-label], summary[aria-label], a[aria-label]").forEach((el) => {
      const text = el.innerText.replace(/\s+/g, " ").trim();
      if (text && !el.getAttribute("aria-label").includes(text)) el.removeAttribute("aria-label");
    });
    root.querySelectorAll("input[placeholder]:not([aria-label]):not([aria-labelledby])").forEach((el) => {
      if (!el.id || !document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) {
        el.setAttribute("aria-label", el.getAttribute("placeholder"));
      }
    });
    root.querySelectorAll(".dt-scroll-body:not([tabindex])").forEach((el) => el.setAttribute("tabindex", "0"));
  }
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fix(document); });
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
