// The forecast page's row forms ("every [1] [month] on [the last day], [−1,200.00] for [rent] from
// [Checking]"): show only the controls the chosen period uses, and read the sentence back as it
// is typed. Without JavaScript every control shows and the server ignores the unused ones.
(function () {
  "use strict";
  if (window.LifeOSForecast) return;
  window.LifeOSForecast = true;

  function control(form, name) { return form.querySelector('[name="' + name + '"]'); }

  function text(select) {
    var option = select && select.options[select.selectedIndex];
    return option ? option.text : "";
  }

  function plural(n, word) { return n === 1 ? word : n + " " + word + "s"; }

  function sentence(form) {
    var period = control(form, "period").value;
    var every = parseInt(control(form, "every").value, 10) || 1;
    var on = control(form, "on").value;
    var weekday = control(form, "weekday");
    var day = weekday.value === "" ? "the start date's weekday" : text(weekday);
    var amount = control(form, "amount").value.trim() || "…";
    var memo = control(form, "memo").value.trim();
    var account = control(form, "account_id");
    var when;
    if (period === "once") when = "once";
    else if (period === "week") when = "every " + plural(every, "week") + " on " + day;
    else if (period === "day") when = "every " + plural(every, "day");
    else if (period === "year") when = "every " + plural(every, "year");
    else if (on === "last") when = "every " + plural(every, "month") + " on the last day";
    else if (on.charAt(0) === "w") when = "every " + plural(every, "month") + " on " + text(control(form, "on")).replace(" (weekday)", "") + " " + day;
    else when = "every " + plural(every, "month") + " on day " + on;
    var money = amount.replace(/^-/, "\u2212");
    var from = account && account.value ? (money.charAt(0) === "\u2212" ? " from " : " into ") + text(account).replace(/ \([a-z]+\)$/, "") : "";
    return when.charAt(0).toUpperCase() + when.slice(1) + ", " + money + (memo ? " " + memo : "") + from + ".";
  }

  function update(form) {
    var period = control(form, "period").value;
    var on = control(form, "on").value;
    var shown = { day: period === "day", week: period === "week", month: period === "month", year: period === "year",
                  "month-weekday": period === "month" && on.charAt(0) === "w" };
    form.querySelectorAll("[data-show-for]").forEach(function (el) {
      var show = el.getAttribute("data-show-for").split(" ").some(function (k) { return shown[k]; });
      var box = el.closest(".field") || el;
      box.hidden = !show && !el.getAttribute("aria-invalid");
    });
    var preview = form.querySelector("[data-sentence-preview]");
    if (preview) { preview.hidden = false; preview.textContent = sentence(form); }
  }

  function init() {
    document.querySelectorAll("form[data-row-sentence]").forEach(update);
    document.addEventListener("input", function (event) {
      var form = event.target instanceof Element ? event.target.closest("form[data-row-sentence]") : null;
      if (form) update(form);
    });
    document.addEventListener("change", function (event) {
      var form = event.target instanceof Element ? event.target.closest("form[data-row-sentence]") : null;
      if (form) update(form);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
