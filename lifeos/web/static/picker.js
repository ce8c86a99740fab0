// The account picker: the WAI-ARIA combobox pattern over GET /finance/accounts/search.
//
// Typing searches, throttled: a key searches at once unless a search started less than 100 ms
// ago, in which case the search for the latest text starts when those 100 ms are up (so the
// list follows the typing, at most ten requests a second, instead of waiting for it to stop;
// answers to older text are dropped). ArrowUp/ArrowDown move through the options, Enter
// chooses, Escape closes. When no account has exactly the typed name, the last option is "Create ‘…’": it
// opens inline creation with a type select whose subtype select is filled from
// GET /finance/accounts/subtypes/<type>, and POST /finance/accounts/inline selects the account
// it returns (the existing one on a duplicate name; a 409 says the name has another type).
// Markup: the `picker` macro in web/_macros.html. Works for pickers added later (delegation).
(function () {
  "use strict";
  var GAP = 100;
  var LIMIT = 8;
  var states = new WeakMap();
  // Keystroke and render times, read by the browser tests to measure keystroke → suggestions.
  var timings = window.lifeosPickerTimings = [];

  function norm(text) {
    return (text || "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function stateOf(el) {
    var root = el.closest("[data-picker]");
    if (!root) return null;
    var st = states.get(root);
    if (st) return st;
    st = {
      root: root,
      input: root.querySelector("[data-picker-input]"),
      hidden: root.querySelector("[data-picker-value]"),
      list: root.querySelector('[role="listbox"]'),
      error: root.querySelector("[data-picker-error]"),
      panel: root.querySelector("[data-picker-create]"),
      timer: null, lastSearch: -Infinity, seq: 0, options: [], active: -1,
      chosenName: null
    };
    st.chosenName = st.hidden && st.hidden.value ? st.input.value : null;
    states.set(root, st);
    return st;
  }

  function isOpen(st) { return !st.list.hidden; }

  function close(st) {
    st.list.hidden = true;
    st.input.setAttribute("aria-expanded", "false");
    st.input.removeAttribute("aria-activedescendant");
    st.active = -1;
  }

  function highlight(st, index) {
    var items = st.list.querySelectorAll('[role="option"]');
    if (!items.length) return;
    st.active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === st.active ? "true" : "false"); });
    var current = items[st.active];
    st.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  function setError(st, message) {
    if (!st.error) return;
    st.error.textContent = message || "";
    st.error.hidden = !message;
    if (message) st.input.setAttribute("aria-invalid", "true"); else st.input.removeAttribute("aria-invalid");
  }

  function render(st, query, accounts) {
    var typed = query.trim();
    st.options = accounts.map(function (a) { return { account: a }; });
    var exact = accounts.some(function (a) { return norm(a.name) === norm(typed); });
    if (typed && !exact) st.options.push({ create: typed });
    st.list.innerHTML = "";
    st.options.forEach(function (option, i) {
      var li = document.createElement("li");
      li.id = st.input.id + "-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      if (option.create) {
        li.className = "opt-create";
        li.textContent = "Create \u2018" + option.create + "\u2019";
      } else {
        var name = document.createElement("span");
        name.className = "opt-name";
        name.textContent = option.account.name;
        var type = document.createElement("span");
        type.className = "opt-type";
        var sub = option.account.account_subtype;
        type.textContent = option.account.type_label + (sub ? " \u00b7 " + sub.replace(/_/g, " ") : "");
        li.appendChild(name);
        li.appendChild(type);
      }
      st.list.appendChild(li);
    });
    if (!st.options.length) { close(st); return; }
    st.list.hidden = false;
    st.input.setAttribute("aria-expanded", "true");
    highlight(st, 0);
    timings.push({ kind: "shown", q: query, t: performance.now() });
  }

  function search(st) {
    clearTimeout(st.timer);
    st.timer = null;
    st.lastSearch = performance.now();
    var query = st.input.value;
    var seq = ++st.seq;
    var url = "/finance/accounts/search?limit=" + LIMIT + "&q=" + encodeURIComponent(query.trim().slice(0, 255));
    window.LifeOS.fetchJSON(url).then(function (res) {
      if (seq !== st.seq || document.activeElement !== st.input) return;  // a newer search is coming
      if (res.status !== 200 || !res.data) { close(st); return; }
      render(st, query, res.data.items);
    }).catch(function () { /* offline or signed out: LifeOS.fetchJSON already redirected */ });
  }

  function onType(st) {
    var now = performance.now();
    timings.push({ kind: "input", q: st.input.value, t: now });
    if (st.hidden.value && st.input.value !== st.chosenName) { st.hidden.value = ""; st.chosenName = null; }
    setError(st, "");
    if (st.timer) return;  // a search for the latest text is already due
    var wait = st.lastSearch + GAP - now;
    if (wait <= 0) search(st);
    else st.timer = setTimeout(function () { search(st); }, wait);
  }

  function select(st, account) {
    st.hidden.value = String(account.id);
    st.input.value = account.name;
    st.chosenName = account.name;
    setError(st, "");
    close(st);
    st.root.dispatchEvent(new CustomEvent("picker:selected", { bubbles: true, detail: account }));
  }

  function choose(st, index) {
    var option = st.options[index];
    if (!option) return;
    if (option.create) openCreate(st, option.create); else select(st, option.account);
  }

  // ---------------------------------------------------------------- inline creation

  function panelPart(st, selector) { return st.panel.querySelector(selector); }

  function createErrors(st, errors, message) {
    st.panel.querySelectorAll("[data-create-error]").forEach(function (p) {
      var text = errors[p.getAttribute("data-create-error")] || "";
      p.textContent = text;
      p.hidden = !text;
      var control = document.querySelector('[aria-describedby~="' + p.id + '"]');
      if (control) { if (text) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid"); }
    });
    var box = panelPart(st, "[data-create-message]");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function openCreate(st, name) {
    close(st);
    st.panel.hidden = false;
    panelPart(st, "[data-create-name]").value = name;
    var type = panelPart(st, "[data-create-type]");
    type.value = "";
    window.LifeOS.fillSubtypes(panelPart(st, "[data-create-subtype]"), "", null);
    createErrors(st, {}, "");
    type.focus();
  }

  function closeCreate(st, focusInput) {
    st.panel.hidden = true;
    if (focusInput) st.input.focus();
  }

  function submitCreate(st) {
    var name = panelPart(st, "[data-create-name]").value.trim();
    var type = panelPart(st, "[data-create-type]").value;
    var subtype = panelPart(st, "[data-create-subtype]").value;
    var missing = {};
    if (!name) missing.name = "Give the account a name.";
    if (!type) missing.account_type = "Choose a type.";
    if (missing.name || missing.account_type) {
      createErrors(st, missing, "");
      panelPart(st, missing.name ? "[data-create-name]" : "[data-create-type]").focus();
      return;
    }
    var button = panelPart(st, "[data-create-submit]");
    button.setAttribute("aria-disabled", "true");
    window.LifeOS.fetchJSON("/finance/accounts/inline", {
      method: "POST", body: { name: name, account_type: type, account_subtype: subtype || null }
    }).then(function (res) {
      button.removeAttribute("aria-disabled");
      if ((res.status === 201 || res.status === 200) && res.data) {
        select(st, res.data.account);
        closeCreate(st, true);
        announce(res.status === 201 ? "Created account " + res.data.account.name
                                    : "Using your existing account " + res.data.account.name);
        return;
      }
      var body = res.data || {};
      var fields = {};
      (body.errors || []).forEach(function (e) { fields[e.field] = e.message; });
      createErrors(st, fields, body.detail || "The account could not be created (error " + res.status + ").");
      panelPart(st, "[data-create-message]").scrollIntoView({ block: "nearest" });
    }).catch(function () { button.removeAttribute("aria-disabled"); });
  }

  function announce(text) {
    var region = document.querySelector("[data-announce]");
    if (region) region.textContent = text;
  }

  // ---------------------------------------------------------------- events (delegated)

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-picker-input")) onType(stateOf(target));
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-create-type")) {
      var st = stateOf(target);
      window.LifeOS.fillSubtypes(panelPart(st, "[data-create-subtype]"), target.value, null);
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.hasAttribute("data-picker-input")) {
      var st = stateOf(target);
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (isOpen(st)) highlight(st, st.active + 1); else search(st);
          break;
        case "ArrowUp":
          if (isOpen(st)) { event.preventDefault(); highlight(st, st.active - 1); }
          break;
        case "Enter":
          if (isOpen(st)) {
            event.preventDefault();
            if (st.active >= 0) choose(st, st.active); else close(st);
          }
          break;
        case "Escape":
          if (isOpen(st)) { event.preventDefault(); close(st); }
          else if (!st.panel.hidden) { event.preventDefault(); closeCreate(st, true); }
          break;
        case "Tab":
          close(st);
          break;
        default:
      }
      return;
    }
    var panel = target.closest("[data-picker-create]");
    if (!panel) return;
    var pst = stateOf(panel);
    if (event.key === "Escape") { event.preventDefault(); closeCreate(pst, true); }
    else if (event.key === "Enter" && !(target instanceof HTMLButtonElement)) { event.preventDefault(); submitCreate(pst); }
  });

  document.addEventListener("mousedown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var option = target.closest('[data-picker] [role="option"]');
    if (!option) return;
    event.preventDefault();  // keep focus in the input
    var st = stateOf(option);
    choose(st, Array.prototype.indexOf.call(st.list.children, option));
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var submit = target.closest("[data-create-submit]");
    if (submit) { submitCreate(stateOf(submit)); return; }
    var cancel = target.closest("[data-create-cancel]");
    if (cancel) closeCreate(stateOf(cancel), true);
  });

  document.addEventListener("focusout", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.hasAttribute("data-picker-input")) return;
    var st = stateOf(target);
    var next = event.relatedTarget;
    if (!(next instanceof Element) || !st.list.contains(next)) close(st);
  });
})();
