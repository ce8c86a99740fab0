// LifeOS shell behaviour, on every page: theme toggle, phone menu, flash dismissal, busy submit
// buttons, the subtype select that follows its type, and LifeOS.fetchJSON for page scripts
// (same-origin cookies + the CSRF header; one silent session refresh on a 401).
(function () {
  "use strict";
  var root = document.documentElement;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function toLogin() {
    window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname + window.location.search));
  }

  function request(url, options) {
    var opts = options || {};
    var headers = { "Accept": "application/json" };
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    if (opts.method && opts.method !== "GET") headers["X-CSRF-Token"] = csrf();
    return fetch(url, {
      method: opts.method || "GET",
      headers: headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      signal: opts.signal
    });
  }

  // JSON from the API; resolves {status, data}. A 401 refreshes the session once, then retries.
  function fetchJSON(url, options) {
    return request(url, options).then(function (response) {
      if (response.status !== 401) return response;
      return fetch("/session/refresh", {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf(), "Accept": "application/json" }
      }).then(function (refreshed) {
        if (!refreshed.ok) { toLogin(); throw new Error("signed out"); }
        return request(url, options);
      });
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var body = type.indexOf("json") >= 0 ? response.json() : Promise.resolve(null);
      return body.then(function (data) { return { status: response.status, data: data }; });
    });
  }

  // Fill `select` with the subtypes of `type` from GET /finance/accounts/subtypes/<type>.
  function fillSubtypes(select, type, selected, emptyLabel) {
    var first = emptyLabel || "No subtype";
    if (!type) {
      select.innerHTML = "";
      select.appendChild(new Option("Choose a type first", ""));
      select.disabled = true;
      return Promise.resolve();
    }
    return fetchJSON("/finance/accounts/subtypes/" + encodeURIComponent(type)).then(function (res) {
      if (res.status !== 200 || !res.data) return;
      select.innerHTML = "";
      select.appendChild(new Option(first, ""));
      res.data.subtypes.forEach(function (st) {
        select.appendChild(new Option(st.label, st.code, false, st.code === selected));
      });
      select.disabled = false;
    });
  }

  window.LifeOS = { csrf: csrf, fetchJSON: fetchJSON, fillSubtypes: fillSubtypes, toLogin: toLogin };

  // ---- theme toggle: Auto → Light → Dark, remembered in this browser
  var THEMES = ["auto", "light", "dark"];
  function currentTheme() { return root.getAttribute("data-theme") || "auto"; }
  function showTheme() {
    var name = currentTheme();
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.textContent = "Theme: " + name.charAt(0).toUpperCase() + name.slice(1);
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var toggle = target.closest("[data-theme-toggle]");
    if (toggle) {
      var next = THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length];
      if (next === "auto") root.removeAttribute("data-theme"); else root.setAttribute("data-theme", next);
      try {
        if (next === "auto") window.localStorage.removeItem("lifeos-theme");
        else window.localStorage.setItem("lifeos-theme", next);
      } catch (e) { /* storage blocked: the choice lasts for this page */ }
      showTheme();
      return;
    }
    var menu = target.closest("[data-menu-button]");
    if (menu) {
      var nav = document.getElementById(menu.getAttribute("aria-controls"));
      var open = menu.getAttribute("aria-expanded") !== "true";
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      if (nav) nav.classList.toggle("open", open);
      if (open && nav) { var first = nav.querySelector("a"); if (first) first.focus(); }
      return;
    }
    var dismiss = target.closest("[data-dismiss]");
    if (dismiss && dismiss.parentElement) {
      var main = document.getElementById("main");
      dismiss.parentElement.remove();
      if (main) main.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector('[data-menu-button][aria-expanded="true"]');
    if (!menu) return;
    menu.setAttribute("aria-expanded", "false");
    var nav = document.getElementById(menu.getAttribute("aria-controls"));
    if (nav) nav.classList.remove("open");
    menu.focus();
  });

  // ---- a submitted form shows it is busy and cannot be sent twice
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    var button = event.submitter || form.querySelector('button[type="submit"]');
    if (button) {
      button.setAttribute("aria-disabled", "true");
      if (button.dataset.busyText) { button.dataset.idleText = button.textContent; button.textContent = button.dataset.busyText; }
    }
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll('[aria-disabled="true"]').forEach(function (button) {
        button.removeAttribute("aria-disabled");
        if (button.dataset.idleText) button.textContent = button.dataset.idleText;
      });
    });
  });

  // ---- the subtype select follows the type select
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.hasAttribute("data-type-select")) return;
    var target = document.getElementById(select.getAttribute("data-subtype-target"));
    if (target) fillSubtypes(target, select.value, null);
  });

  function init() {
    showTheme();
    document.querySelectorAll("input[data-fill-timezone]").forEach(function (input) {
      if (input.value) return;
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep empty */ }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
