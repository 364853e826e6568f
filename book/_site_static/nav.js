/* The sidebars open on a phone.
 *
 * pydata-sphinx-theme 0.17 binds its drawer to the first `.primary-toggle` (and `.secondary-toggle`) in the
 * page, which is its own navbar button, hidden in this layout; the button a reader sees is sphinx-book-theme's,
 * in the article header, and nothing listens to it (pydata-sphinx-theme #2451, sphinx-book-theme #988). Every
 * other toggle hands its click to the bound one, so the drawer opens (and on a wide screen the sidebar folds,
 * which sphinx-book-theme handles on that same first button).
 *
 * The book's configuration (`navbar_persistent: []`) now keeps the theme's header bar empty, so its hidden
 * buttons are not rendered and the first toggle is the visible one; this stays as the guard should a theme
 * update render a header button again (then it has work to do, and the phone-navigation test shows whether it did).
 */
(() => {
  "use strict";
  function forward() {
    for (const kind of ["primary", "secondary"]) {
      const [bound, ...others] = document.querySelectorAll(`.${kind}-toggle`);
      others.forEach((button) => {
        button.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopPropagation();
          bound.click();
        });
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", forward);
  else forward();
})();
