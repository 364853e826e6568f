/* Live figures for readers, with no kernel and nothing from another host (shuanggao.pages.live_site).
 *
 * Every state of a figure was drawn at build time as SVG; this script moves the hidden live block into its
 * figure in place of the image (which the PDF prints), switches states with the radio buttons (each state with
 * its caption) and announces the change, shows each mark's label (value, unit, source) as a tooltip on hover and
 * focus, and makes the explorer's map count the cases the table's filters leave.
 */
(() => {
  "use strict";
  const colon = () => (document.documentElement.lang.startsWith("zh") ? "：" : ": ");

  function place(block) {
    const figure = document.getElementById(block.dataset.figure);
    if (!figure) return false;
    // The build placed it (site.webperf.place_live_views); a page built otherwise still gets it in place here.
    if (!figure.contains(block)) figure.insertBefore(block, figure.querySelector("figcaption"));
    figure.classList.add("live-on");
    block.hidden = false;
    return true;
  }

  function switchStates(block) {
    const status = block.querySelector(".live-status");
    const legend = block.querySelector("legend");
    // The figure's caption says what the state shows: each state carries its own (drawn with it at build time).
    const caption = block.closest("figure").querySelector("figcaption .caption-text");
    block.querySelectorAll('input[type="radio"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        block.querySelectorAll(".live-state").forEach((state) => {
          state.hidden = state.dataset.state !== radio.value;
          if (!state.hidden && caption && state.dataset.caption) caption.textContent = state.dataset.caption;
        });
        block.querySelector(".live-tip").hidden = true;
        status.textContent = legend.textContent.trim() + colon() + radio.parentElement.textContent.trim();
      });
    });
  }

  function tooltips(block) {
    const tip = block.querySelector(".live-tip");
    const show = (event) => {
      const mark = event.target.closest && event.target.closest(".mark");
      if (!mark) return;
      tip.textContent = mark.getAttribute("aria-label");
      tip.hidden = false;
      const box = block.getBoundingClientRect();
      const at = mark.getBoundingClientRect();
      tip.style.left = `${Math.max(0, Math.min(at.left - box.left, box.width - tip.offsetWidth))}px`;
      tip.style.top = `${at.bottom - box.top + 4}px`;
    };
    const hide = (event) => { if (event.target.closest && event.target.closest(".mark")) tip.hidden = true; };
    block.addEventListener("mouseover", show);
    block.addEventListener("focusin", show);
    block.addEventListener("mouseout", hide);
    block.addEventListener("focusout", hide);
    block.addEventListener("keydown", (event) => { if (event.key === "Escape") tip.hidden = true; });
  }

  /* The explorer: the table (DataTables, no paging) shows the filtered rows; each dot counts its place's rows. */
  function followTable(block) {
    const header = block.dataset.tableColumn;
    const status = block.querySelector(".live-status");
    const headers = (table) => [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    let shown = null;
    const update = () => {
      // The case table, not one of the filter panes above it (DataTables too).
      const table = [...document.querySelectorAll("table")]
        .find((t) => !t.closest(".dtsp-searchPane") && headers(t).includes(header));
      if (!table) return;
      const column = headers(table).indexOf(header);
      const counts = new Map();
      let total = 0;
      table.querySelectorAll("tbody tr").forEach((row) => {
        const cell = row.children[column];
        if (!cell || row.querySelector(".dt-empty")) return;
        total += 1;
        const place = cell.textContent.trim();
        counts.set(place, (counts.get(place) || 0) + 1);
      });
      block.querySelectorAll(".mark[data-place]").forEach((dot) => {
        const n = counts.get(dot.dataset.place) || 0;
        const label = (n === 1 ? dot.dataset.templateOne : dot.dataset.template).replace("{n}", n);
        const count = document.getElementById(`${dot.id}-count`);
        dot.style.display = count.style.display = n ? "" : "none";
        count.querySelector("text").textContent = n;
        dot.dataset.value = n;
        dot.setAttribute("aria-label", label);
        dot.querySelector("title").textContent = label;
      });
      if (shown !== null && shown !== total) status.textContent = (total === 1 ? block.dataset.announceOne : block.dataset.announce).replace("{n}", total);
      shown = total;
    };
    let queued = false;
    new MutationObserver((changes) => {
      if (queued || changes.every((change) => block.contains(change.target))) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; update(); });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    update();
  }

  function start() {
    document.querySelectorAll(".live-figure").forEach((block) => {
      if (!place(block)) return;
      if (block.classList.contains("live-map")) followTable(block);
      else switchStates(block);
      tooltips(block);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
