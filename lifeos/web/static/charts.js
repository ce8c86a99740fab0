// LifeOS charts: draws every <figure data-chart> with uPlot (node_modules/uplot, served locally).
//
// Usage: don't write the markup by hand; use the `chart` macro of web/_charts.html, which renders
//   <figure class="chart" data-chart>
//     <figcaption>…</figcaption>
//     <div class="chart-canvas" data-chart-canvas aria-hidden="true"></div>
//     <script type="application/json" data-chart-data>{…spec…}</script>   (data, never executed)
//     <details class="chart-table">… the same numbers as a <table> …</details>
//   </figure>
// and `chart_assets()` once per page (uPlot's CSS + JS, then this file; safe to repeat).
// The spec (JSON):
//   {"x": ["2026-01-31", …] | [1, 2, …], "x_kind": "date" | "number", "height": 240,
//    "series": [{"label": "Weight", "values": [72.4, null, …], "color": "1".."5" | "danger" | "muted",
//                "style": "line" | "dashed" | "points" | "bars" | "area", "decimals": 1, "unit": "kg"}],
//    "markers": [{"x": "2026-02-03", "y": 70.1, "label": "Low point"}],
//    "hlines": [{"y": 500, "label": "Floor"}], "y_min": 0}
// Colours come from CSS custom properties (--chart-1 … --chart-5, --chart-axis, --chart-grid in
// lifeos.css), so a chart follows the light/dark theme and is redrawn when the theme changes.
// Charts inside htmx-swapped fragments are drawn on `htmx:load`. Without JavaScript (or uPlot)
// the figure shows its table instead.
(function () {
  "use strict";
  if (window.LifeOSCharts) return; // included twice on one page: the first copy does the work

  var charts = []; // {figure, plot, observer}
  var DAY = 86400;
  var DATE_STEPS = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY]; // whole days only

  function parseDate(text) {
    var parts = String(text).split("-");
    return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) / 1000;
  }

  function toNumber(value) {
    if (value === null || value === undefined || value === "") return null;
    var n = Number(value);
    return isFinite(n) ? n : null;
  }

  function fmtDay(seconds) {
    return new Date(seconds * 1000).toLocaleDateString("en-GB", {
      weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC"
    });
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Axis ticks as people read them: "5 Jan" over a short span, "Jan 2026" over a long one.
  // The y axis as wide as its longest label ("−15,000" must not be clipped), never narrower than 40 px.
  function yAxisSize(u, values) {
    var longest = 0;
    (values || []).forEach(function (v) { longest = Math.max(longest, String(v).length); });
    return Math.max(40, Math.ceil(longest * 7.5) + 18);
  }

  function dateTicks(u, splits) {
    var span = u.scales.x.max - u.scales.x.min;
    return splits.map(function (s) {
      var d = new Date(s * 1000);
      return span > 200 * DAY ? MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear()
                              : d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    });
  }

  function fmtValue(value, decimals, unit) {
    if (value === null || value === undefined) return "—";
    var text = Number(value).toLocaleString("en-GB", {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals
    }).replace("-", "\u2212");
    return unit ? text + " " + unit : text;
  }

  function latest(values) {
    for (var i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i];
    return null;
  }

  // A CSS colour as the browser resolves it here (custom properties and light-dark() included).
  function resolveColour(figure, name) {
    var probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = /^\d$/.test(name) ? "var(--chart-" + name + ")" : "var(--chart-" + name + ", var(--" + name + "))";
    figure.appendChild(probe);
    var colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }

  function seriesOptions(figure, s, index) {
    var colour = resolveColour(figure, String(s.color || (index + 1)));
    var decimals = s.decimals === undefined ? 0 : s.decimals;
    var opts = {
      label: s.label,
      stroke: colour,
      width: 2,
      spanGaps: true,
      // Off the plot the legend shows each series' latest value; over it, the value under the cursor.
      value: function (u, v, sidx, idx) { return fmtValue(idx == null ? latest(u.data[sidx]) : v, decimals, s.unit); },
      points: { show: false }
    };
    var style = s.style || "line";
    if (style === "dashed") opts.dash = [6, 4];
    if (style === "area") opts.fill = colour.replace(/^rgb\((.*)\)$/, "rgba($1, 0.15)");
    if (style === "points") {
      opts.paths = function () { return null; };
      opts.points = { show: true, size: 6, fill: colour, stroke: colour };
    }
    if (style === "bars" && window.uPlot.paths && window.uPlot.paths.bars) {
      opts.paths = window.uPlot.paths.bars({ size: [0.7, 48] });
      opts.fill = colour;
      opts.width = 0;
    }
    return opts;
  }

  // Markers (a labelled dot, e.g. the low point) and horizontal lines (e.g. a floor), drawn over the plot.
  function overlays(spec, toX, colours) {
    return function (u) {
      var ctx = u.ctx;
      var dpr = window.devicePixelRatio || 1;
      ctx.save();
      ctx.font = Math.round(12 * dpr) + "px system-ui, sans-serif";
      (spec.hlines || []).forEach(function (line) {
        var y = u.valToPos(toNumber(line.y), "y", true);
        if (!isFinite(y)) return;
        ctx.strokeStyle = colours.danger;
        ctx.lineWidth = dpr;
        ctx.setLineDash([4 * dpr, 4 * dpr]);
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
        ctx.setLineDash([]);
        if (line.label) {
          ctx.fillStyle = colours.danger;
          ctx.textAlign = "left";
          ctx.fillText(line.label, u.bbox.left + 4 * dpr, y - 4 * dpr);
        }
      });
      (spec.markers || []).forEach(function (m) {
        var x = u.valToPos(toX(m.x), "x", true);
        var y = u.valToPos(toNumber(m.y), "y", true);
        if (!isFinite(x) || !isFinite(y)) return;
        ctx.fillStyle = colours.marker;
        ctx.strokeStyle = colours.surface;
        ctx.lineWidth = 2 * dpr;
        ctx.beginPath();
        ctx.arc(x, y, 5 * dpr, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        if (m.label) {
          var right = x > u.bbox.left + u.bbox.width * 0.7;
          ctx.textAlign = right ? "right" : "left";
          ctx.fillStyle = colours.axis;
          var above = y - 10 * dpr > u.bbox.top + 12 * dpr;
          ctx.fillText(m.label, x + (right ? -8 : 8) * dpr, above ? y - 8 * dpr : y + 18 * dpr);
        }
      });
      ctx.restore();
    };
  }

  function build(figure) {
    var holder = figure.querySelector("[data-chart-canvas]");
    var source = figure.querySelector("script[data-chart-data]");
    if (!holder || !source || !window.uPlot) return null;
    var spec;
    try { spec = JSON.parse(source.textContent || "{}"); } catch (e) { return null; }
    var isDate = (spec.x_kind || "date") === "date";
    var toX = isDate ? parseDate : toNumber;
    var xs = (spec.x || []).map(toX);
    if (!xs.length) return null;
    var colours = {
      axis: resolveColour(figure, "axis"),
      grid: resolveColour(figure, "grid"),
      danger: resolveColour(figure, "danger"),
      marker: resolveColour(figure, "marker"),
      surface: resolveColour(figure, "surface")
    };
    var axis = {
      stroke: colours.axis,
      grid: { stroke: colours.grid, width: 1 },
      ticks: { stroke: colours.grid, width: 1 },
      font: "12px system-ui, sans-serif"
    };
    var data = [xs];
    var series = [{
      label: spec.x_label || (isDate ? "Date" : "x"),
      value: function (u, v, sidx, idx) {
        if (idx == null) v = latest(u.data[0]);  // off the plot: the date of the latest values shown
        return v === null || v === undefined ? "—" : (isDate ? fmtDay(v) : String(v));
      }
    }];
    (spec.series || []).forEach(function (s, i) {
      data.push((s.values || []).map(toNumber));
      series.push(seriesOptions(figure, s, i));
    });
    var hasBars = (spec.series || []).some(function (s) { return s.style === "bars"; });
    var gap = Infinity; // half the smallest step pads each side, so edge bars show whole
    for (var i = 1; i < xs.length; i++) if (xs[i] > xs[i - 1]) gap = Math.min(gap, xs[i] - xs[i - 1]);
    if (gap === Infinity) gap = isDate ? DAY : 1;
    var xRange = hasBars ? function (u, a, b) { return [a - gap / 2, b + gap / 2]; } : undefined;
    var yRange = function (u, min, max) {
      (spec.hlines || []).concat(spec.markers || []).forEach(function (h) {
        var y = toNumber(h.y);
        if (y !== null) { min = Math.min(min, y); max = Math.max(max, y); }
      });
      if (spec.y_min !== undefined && spec.y_min !== null) min = Math.min(min, spec.y_min);
      if (min === max) { min -= 1; max += 1; }
      var pad = (max - min) * 0.08;
      var low = spec.y_min !== undefined && spec.y_min !== null && min >= spec.y_min ? spec.y_min : min - pad;
      return [low, max + pad];
    };
    figure.classList.add("drawn"); // shows the canvas box, so it has a width to measure
    var opts = {
      width: Math.max(holder.clientWidth, 200),
      height: spec.height || 240,
      series: series,
      axes: [
        Object.assign({}, axis, isDate ? { space: 64, values: dateTicks, incrs: DATE_STEPS } : { space: 40 },
                      // a label under every bar only while each bar has room for one (~48 px)
                      hasBars && xs.length * 48 <= holder.clientWidth ? { splits: function () { return xs; } } : {}),
        Object.assign({}, axis, { size: yAxisSize })
      ],
      scales: {
        x: { time: isDate, range: xRange },
        y: { range: yRange }
      },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      legend: { show: true, live: true },
      hooks: { draw: [overlays(spec, toX, colours)] }
    };
    if (isDate) opts.tzDate = function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); };
    holder.textContent = "";
    try {
      return new window.uPlot(opts, data, holder);
    } catch (e) {
      figure.classList.remove("drawn"); // the table stays as the chart
      throw e;
    }
  }

  function draw(figure) {
    var existing = null;
    charts.forEach(function (c) { if (c.figure === figure) existing = c; });
    if (existing) {
      existing.plot.destroy();
      if (existing.observer) existing.observer.disconnect();
      charts = charts.filter(function (c) { return c !== existing; });
    }
    var plot = build(figure);
    if (!plot) return;
    var entry = { figure: figure, plot: plot, observer: null };
    if (window.ResizeObserver) {
      var holder = figure.querySelector("[data-chart-canvas]");
      var lastWidth = holder.clientWidth;
      entry.observer = new ResizeObserver(function () {
        var width = holder.clientWidth;
        if (width === lastWidth || width < 50) return;
        lastWidth = width;
        entry.plot.setSize({ width: width, height: entry.plot.height });
      });
      entry.observer.observe(holder);
    }
    charts.push(entry);
  }

  function drawAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-chart]")) draw(scope);
    scope.querySelectorAll("figure[data-chart]").forEach(draw);
  }

  // Forget charts whose figure left the page (an htmx swap replaced it).
  function prune() {
    charts = charts.filter(function (c) {
      if (document.contains(c.figure)) return true;
      c.plot.destroy();
      if (c.observer) c.observer.disconnect();
      return false;
    });
  }

  function redrawAll() {
    prune();
    charts.slice().forEach(function (c) { draw(c.figure); });
  }

  window.LifeOSCharts = { draw: draw, drawAll: drawAll, redrawAll: redrawAll };

  function init() {
    drawAll(document);
    document.body.addEventListener("htmx:load", function (event) {
      var elt = event.detail && event.detail.elt;
      if (!elt || elt === document.body) return; // htmx's own start-up: already drawn
      prune();
      drawAll(elt);
    });
    // The theme toggle sets html[data-theme]; "Auto" follows the system setting.
    new MutationObserver(redrawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    if (window.matchMedia) {
      var media = window.matchMedia("(prefers-color-scheme: dark)");
      if (media.addEventListener) media.addEventListener("change", redrawAll);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
