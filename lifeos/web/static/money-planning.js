// Receivables and loans pages (in-place forms with htmx):
// - a 422 or 409 answer carries the form again with its errors beside the fields: swap it in
//   (htmx leaves 4xx answers unswapped by default);
// - a link to a closed <details> form ("New receivable" → #new-receivable) opens it and focuses
//   its first field;
// - after a swap, focus moves to the status message, or to the first field with an error, so a
//   keyboard or screen-reader user is not dropped at the top of the page.
(function () {
  "use strict";
  if (window.LifeOSMoneyPlanning) return;
  window.LifeOSMoneyPlanning = true;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = document.querySelector("[data-focus-after-swap]");
    if (target) {
      target.removeAttribute("data-focus-after-swap");
      target.focus();
      return;
    }
    var swapped = document.querySelector("[data-swapped-errors]");
    if (!swapped) return;
    swapped.removeAttribute("data-swapped-errors");
    var invalid = swapped.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
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
