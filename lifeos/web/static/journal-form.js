// The journal-entry form: live debit/credit totals, add/remove lines, and posting blocked with
// "Not balanced by X" until debits equal credits. Amounts are summed in integer cents (never
// floats). The server checks everything again (POST /money/journal/new uses the API's rules).
(function () {
  "use strict";

  function cents(text) {
    var t = (text || "").replace(/[,\s\u00a0]/g, "");
    if (!t) return 0;
    if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN;
    var parts = t.split(".");
    return parseInt(parts[0], 10) * 100 + (parts[1] ? parseInt((parts[1] + "0").slice(0, 2), 10) : 0);
  }

  function money(c) {
    var sign = c < 0 ? "\u2212" : "";
    var abs = Math.abs(c);
    var whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + whole + "." + String(abs % 100).padStart(2, "0");
  }

  function setup(form) {
    var lines = form.querySelector(".journal-lines");
    var status = form.querySelector("[data-balance-status]");
    var block = form.querySelector("[data-block-message]");
    var addButton = form.querySelector("[data-add-line]");
    var announceRegion = document.querySelector("[data-announce]");

    function lineEls() { return Array.prototype.slice.call(lines.querySelectorAll("[data-line]")); }
    function field(line, selector) { return line.querySelector(selector); }
    function announce(text) { if (announceRegion) announceRegion.textContent = text; }

    function renumber() {
      lineEls().forEach(function (line, i) {
        line.querySelectorAll("[data-line-number]").forEach(function (n) { n.textContent = String(i + 1); });
      });
    }

    function isBlank(line) {
      return ["[data-picker-input]", "[data-picker-value]", "[data-debit]", "[data-credit]", 'input[name="memo"]']
        .every(function (sel) { var el = field(line, sel); return !el || !el.value.trim(); });
    }

    function totals() {
      var debit = 0, credit = 0, invalid = false;
      lineEls().forEach(function (line) {
        var d = cents(field(line, "[data-debit]").value), c = cents(field(line, "[data-credit]").value);
        if (isNaN(d) || isNaN(c)) { invalid = true; return; }
        debit += d; credit += c;
      });
      form.querySelector("[data-total-debit]").textContent = money(debit);
      form.querySelector("[data-total-credit]").textContent = money(credit);
      form.querySelector("[data-difference]").textContent = money(debit - credit);
      var text, state = "";
      if (invalid) { text = "Check the amounts: use numbers like 12.34."; state = "bad"; }
      else if (debit === 0 && credit === 0) { text = "Enter the amounts."; }
      else if (debit === credit) { text = "Balanced."; state = "ok"; }
      else { text = "Not balanced by " + money(Math.abs(debit - credit)) + "."; state = "bad"; }
      if (status.textContent !== text) status.textContent = text;
      status.className = "balance-status" + (state ? " " + state : "");
      return { debit: debit, credit: credit, invalid: invalid };
    }

    function problems() {
      var found = [], first = null;
      var used = lineEls().filter(function (line) { return !isBlank(line); });
      used.forEach(function (line) {
        var number = lineEls().indexOf(line) + 1;
        var picker = field(line, "[data-picker-input]");
        var d = field(line, "[data-debit]"), c = field(line, "[data-credit]");
        if (!field(line, "[data-picker-value]").value) {
          found.push("Line " + number + ": choose an account from the list.");
          picker.setAttribute("aria-invalid", "true");
          first = first || picker;
        }
        var dv = cents(d.value), cv = cents(c.value);
        if (isNaN(dv) || isNaN(cv) || (dv > 0) === (cv > 0)) {
          found.push("Line " + number + ": give a debit or a credit amount, like 12.34.");
          (isNaN(cv) && !isNaN(dv) ? c : d).setAttribute("aria-invalid", "true");
          first = first || d;
        }
      });
      if (used.length < 2) found.push("An entry needs at least two lines.");
      var t = totals();
      if (!t.invalid && t.debit !== t.credit) {
        found.unshift("Not balanced by " + money(Math.abs(t.debit - t.credit)) + ": debits " + money(t.debit) +
                      ", credits " + money(t.credit) + ". Make them equal to post.");
      }
      return { messages: found, first: first };
    }

    function showBlock(messages) {
      block.innerHTML = "";
      if (!messages.length) { block.hidden = true; return; }
      var list = document.createElement(messages.length > 1 ? "ul" : "p");
      messages.forEach(function (m) {
        var item = document.createElement(messages.length > 1 ? "li" : "span");
        item.textContent = m;
        list.appendChild(item);
      });
      block.appendChild(list);
      block.hidden = false;
    }

    form.addEventListener("input", function (event) {
      var target = event.target;
      if (!(target instanceof HTMLInputElement)) return;
      target.removeAttribute("aria-invalid");
      var line = target.closest("[data-line]");
      if (line && target.value.trim()) {
        if (target.hasAttribute("data-debit")) field(line, "[data-credit]").value = "";
        if (target.hasAttribute("data-credit")) field(line, "[data-debit]").value = "";
      }
      totals();
      if (!block.hidden && !problems().messages.length) showBlock([]);
    });

    form.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      var remove = target.closest("[data-remove-line]");
      if (!remove) return;
      var line = remove.closest("[data-line]");
      var all = lineEls();
      var index = all.indexOf(line);
      if (all.length <= 2) {
        line.querySelectorAll("input").forEach(function (input) { if (input.name !== "csrf_token") input.value = ""; });
        field(line, "[data-picker-input]").focus();
        announce("Line " + (index + 1) + " cleared.");
      } else {
        line.remove();
        var rest = lineEls();
        var next = rest[Math.min(index, rest.length - 1)];
        (index < rest.length ? field(next, "[data-picker-input]") : addButton).focus();
        announce("Line " + (index + 1) + " removed.");
      }
      renumber();
      totals();
    });

    form.addEventListener("submit", function (event) {
      var found = problems();
      if (!found.messages.length) return;
      event.preventDefault();
      showBlock(found.messages);
      if (found.first) found.first.focus();
    });

    document.addEventListener("htmx:afterSwap", function (event) {
      if (!event.detail || event.detail.target !== lines) return;
      renumber();
      var added = lineEls();
      var last = added[added.length - 1];
      if (last) field(last, "[data-picker-input]").focus();
      announce("Line " + added.length + " added.");
    });

    renumber();
    totals();
  }

  document.querySelectorAll("[data-journal-form]").forEach(setup);
})();
