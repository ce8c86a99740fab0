// In-place updates (Skills, Projects, People, their Today cards):
// - after htmx swaps a fragment, focus moves to its status message ([data-focus-after-swap]), so a
//   keyboard or screen-reader user is not dropped at the top of the page when the button they
//   pressed is replaced;
// - a link to a closed <details> form ("New project" → #new-project) opens it and focuses its first field.
(function () {
  "use strict";
  if (window.LifeOSInPlace) return; // included by several cards on one page: once is enough
  window.LifeOSInPlace = true;
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-after-swap]");
    if (!target) return;
    target.removeAttribute("data-focus-after-swap");
    target.focus();
  });
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (!link || link.getAttribute("href").length < 2) return;
    var details = document.getElementById(link.getAttribute("href").slice(1));
    if (!(details instanceof HTMLDetailsElement)) return;
    event.preventDefault();
    details.open = true;
    details.scrollIntoView({ block: "start" });
    var first = details.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
})();
