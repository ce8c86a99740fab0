// The habit form shows only the fields the chosen schedule and kind use: a wrapper with
// data-show-when="schedule_type:weekdays" is visible while that select has that value.
// Without JavaScript every field shows, each with a hint saying when it applies.
(function () {
  "use strict";
  function update(form) {
    form.querySelectorAll("[data-show-when]").forEach(function (box) {
      var rule = box.getAttribute("data-show-when").split(":");
      var select = form.querySelector('select[name="' + rule[0] + '"]');
      box.hidden = !!select && select.value !== rule[1];
    });
  }
  function init() {
    document.querySelectorAll("form[data-habit-form]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target instanceof HTMLSelectElement) update(form);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
