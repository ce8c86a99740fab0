// Renders /api/v1/openapi.json as a browsable page. No dependencies, no CDN.
(function () {
  "use strict";

  var root = document.getElementById("api-docs");
  if (!root) return;
  var spec = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function resolve(schema) {
    var seen = 0;
    while (schema && schema.$ref && seen < 20) {
      var name = schema.$ref.split("/").pop();
      schema = (spec.components.schemas || {})[name] || {};
      seen += 1;
    }
    return schema || {};
  }

  function refName(schema) {
    return schema && schema.$ref ? schema.$ref.split("/").pop() : null;
  }

  function typeLabel(schema) {
    if (!schema) return "any";
    if (schema.$ref) return refName(schema);
    if (schema.anyOf || schema.oneOf) {
      return (schema.anyOf || schema.oneOf).map(typeLabel).join(" | ");
    }
    if (schema.enum) return schema.enum.map(function (v) { return JSON.stringify(v); }).join(" | ");
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.type === "array") return typeLabel(schema.items) + "[]";
    var type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type || "any");
    if (schema.format) type += " (" + schema.format + ")";
    return type;
  }

  function constraints(schema) {
    var parts = [];
    ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
     "minItems", "maxItems", "pattern", "default"].forEach(function (key) {
      if (schema[key] !== undefined) parts.push(key + ": " + JSON.stringify(schema[key]));
    });
    return parts.join(", ");
  }

  function schemaTree(schema, depth) {
    depth = depth || 0;
    var name = refName(schema);
    var target = resolve(schema);
    if (target.type === "array" && target.items) {
      return el("div", { "class": "schema" }, [
        el("span", { "class": "muted", text: "array of " + typeLabel(target.items) }),
        depth < 6 ? schemaTree(target.items, depth + 1) : null
      ]);
    }
    var props = target.properties || {};
    var required = target.required || [];
    var keys = Object.keys(props);
    if (!keys.length) {
      return el("div", { "class": "schema" }, [el("code", { text: name || typeLabel(target) })]);
    }
    var list = el("ul", { "class": "schema" });
    keys.forEach(function (key) {
      var prop = props[key];
      var inner = resolve(prop);
      var item = el("li", {}, [
        el("code", { text: key }), " ",
        el("span", { "class": "type", text: typeLabel(prop) }),
        required.indexOf(key) >= 0 ? el("span", { "class": "required", text: " required" }) : null,
        constraints(inner) ? el("span", { "class": "muted", text: " — " + constraints(inner) }) : null,
        (prop.description || inner.description) ?
          el("div", { "class": "muted", text: prop.description || inner.description }) : null
      ]);
      var nested = inner.type === "array" ? resolve(inner.items) : inner;
      if (depth < 6 && nested.properties && (prop.$ref || inner.type === "array")) {
        item.appendChild(schemaTree(inner.type === "array" ? inner.items : prop, depth + 1));
      }
      list.appendChild(item);
    });
    return el("div", {}, [name ? el("div", { "class": "muted", text: name }) : null, list]);
  }

  function parametersTable(params) {
    var rows = params.map(function (p) {
      return el("tr", {}, [
        el("td", {}, [el("code", { text: p.name })]),
        el("td", { text: p["in"] }),
        el("td", { text: typeLabel(p.schema) + (constraints(resolve(p.schema)) ? " — " + constraints(resolve(p.schema)) : "") }),
        el("td", { text: p.required ? "yes" : "no" }),
        el("td", { text: p.description || "" })
      ]);
    });
    return el("table", {}, [
      el("thead", {}, [el("tr", {}, ["Name", "In", "Type", "Required", "Description"].map(function (h) {
        return el("th", { text: h });
      }))]),
      el("tbody", {}, rows)
    ]);
  }

  function operation(path, method, op) {
    var body = el("div", { "class": "op-body" });
    if (op.description) body.appendChild(el("p", { text: op.description }));
    var security = op.security && op.security.length ? Object.keys(op.security[0]) : [];
    body.appendChild(el("p", { "class": "muted", text: security.length ?
      "Needs: " + security.map(function (s) {
        return s === "bearerAuth" ? "Authorization: Bearer <access token>" : "X-CSRF-Token header";
      }).join(" and ") : "No authentication." }));
    if (op.parameters && op.parameters.length) {
      body.appendChild(el("h4", { text: "Parameters" }));
      body.appendChild(parametersTable(op.parameters));
    }
    if (op.requestBody) {
      var content = op.requestBody.content || {};
      var mime = Object.keys(content)[0];
      body.appendChild(el("h4", { text: "Request body (" + mime + ")" }));
      body.appendChild(schemaTree(content[mime].schema));
    }
    body.appendChild(el("h4", { text: "Responses" }));
    var responses = el("dl", { "class": "responses" });
    Object.keys(op.responses || {}).forEach(function (status) {
      var response = op.responses[status];
      var content = response.content || {};
      var mime = Object.keys(content)[0];
      responses.appendChild(el("dt", {}, [el("span", { "class": "status s" + status.charAt(0), text: status }),
        " ", response.description || ""]));
      var dd = el("dd");
      if (mime && refName(content[mime].schema) !== "Problem") {
        dd.appendChild(el("div", { "class": "muted", text: mime }));
        dd.appendChild(schemaTree(content[mime].schema));
      } else if (mime) {
        dd.appendChild(el("div", { "class": "muted", text: mime + " (problem details)" }));
      }
      responses.appendChild(dd);
    });
    body.appendChild(responses);
    var summary = el("summary", {}, [
      el("span", { "class": "method m-" + method, text: method.toUpperCase() }), " ",
      el("code", { "class": "path", text: path }), " ",
      el("span", { "class": "summary", text: op.summary || "" })
    ]);
    var details = el("details", { "class": "op", id: op.operationId }, [summary, body]);
    details.dataset.search = (method + " " + path + " " + (op.summary || "")).toLowerCase();
    return details;
  }

  function render() {
    var status = document.getElementById("api-docs-status");
    if (status) status.remove();
    root.appendChild(el("p", { text: spec.info.description || "" }));
    root.appendChild(el("p", { "class": "muted", text: "OpenAPI " + spec.openapi + " · version " + spec.info.version }));
    var filter = el("input", { type: "search", placeholder: "Filter by path, method or summary",
                               "aria-label": "Filter operations", "class": "filter" });
    root.appendChild(filter);
    var groups = {};
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        var op = spec.paths[path][method];
        var tag = (op.tags && op.tags[0]) || "other";
        (groups[tag] = groups[tag] || []).push(operation(path, method, op));
      });
    });
    Object.keys(groups).sort().forEach(function (tag) {
      var section = el("section", { "class": "tag" }, [el("h2", { text: tag })]);
      groups[tag].forEach(function (node) { section.appendChild(node); });
      root.appendChild(section);
    });
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      root.querySelectorAll("details.op").forEach(function (node) {
        node.hidden = q !== "" && node.dataset.search.indexOf(q) < 0;
      });
      root.querySelectorAll("section.tag").forEach(function (section) {
        section.hidden = !section.querySelector("details.op:not([hidden])");
      });
    });
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
    }
  }

  fetch(root.getAttribute("data-spec-url"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (json) { spec = json; render(); })
    .catch(function (error) {
      var status = document.getElementById("api-docs-status");
      if (status) status.textContent = "Could not load the API description: " + error.message;
    });
})();
