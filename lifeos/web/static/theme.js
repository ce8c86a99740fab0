// Runs before the page paints: applies the theme the person chose (else the system's), and marks
// that scripts run (CSS hides the phone menu only then, so it stays usable without JavaScript).
(function () {
  "use strict";
  var root = document.documentElement;
  var theme = null;
  try { theme = window.localStorage.getItem("lifeos-theme"); } catch (e) { /* storage blocked */ }
  if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
  root.classList.add("js");
})();
