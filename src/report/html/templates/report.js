"use strict";
// Filters of a vmlint report, without a server: the form `#filters` narrows the items of
// `[data-filtered]` by their data attributes (severity, rule, path, state). The filter lives in
// the address's fragment (#severity=error&rule=VML101&path=prod), so a filtered view can be
// bookmarked or sent; opening such an address applies it.
(function () {
  var form = document.getElementById("filters");
  var list = document.querySelector("[data-filtered]");
  if (!form || !list) {
    return;
  }
  var items = Array.prototype.slice.call(list.querySelectorAll(list.getAttribute("data-items")));
  // Long lists come in chunks (each rendered only near the viewport): a chunk with nothing
  // left to show is hidden too, or it would keep its estimated height.
  var chunks = Array.prototype.slice.call(list.querySelectorAll(".chunk"));
  // Each item's path, lower-cased once: a `data-path` attribute, or the text of its `.path`
  // (the check report does not repeat every finding's path in an attribute).
  var paths = items.map(function (item) {
    var path = item.getAttribute("data-path");
    if (path === null) {
      var element = item.querySelector(".path");
      path = element ? element.textContent : "";
    }
    return path.toLowerCase();
  });
  var shown = document.getElementById("shown");
  var noun = list.getAttribute("data-filtered");
  var severities = form.querySelectorAll("input[name=severity]");
  var rule = form.elements.namedItem("rule");
  var path = form.elements.namedItem("path");
  var state = form.elements.namedItem("state");

  function wanted() {
    var levels = {};
    Array.prototype.forEach.call(severities, function (box) {
      levels[box.value] = box.checked;
    });
    return {
      levels: levels,
      rule: rule ? rule.value : "",
      path: path ? path.value.trim().toLowerCase() : "",
      state: state ? state.value : ""
    };
  }

  function apply(updateAddress) {
    var want = wanted();
    var count = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var show = (severities.length === 0 || want.levels[item.getAttribute("data-severity")] === true) &&
        (want.rule === "" || item.getAttribute("data-rule") === want.rule) &&
        (want.path === "" || paths[i].indexOf(want.path) >= 0) &&
        (want.state === "" || item.getAttribute("data-state") === want.state);
      item.hidden = !show;
      if (show) {
        count++;
      }
    }
    chunks.forEach(function (chunk) {
      chunk.hidden = chunk.querySelector(list.getAttribute("data-items") + ":not([hidden])") === null;
    });
    if (shown) {
      shown.textContent = count + " of " + items.length + " " + noun + " shown";
    }
    list.setAttribute("data-shown", String(count));
    if (updateAddress) {
      writeAddress(want);
    }
  }

  function writeAddress(want) {
    var parts = [];
    var levels = Object.keys(want.levels).filter(function (level) { return want.levels[level]; });
    if (levels.length !== severities.length) {
      parts.push("severity=" + encodeURIComponent(levels.join(",")));
    }
    if (want.rule) { parts.push("rule=" + encodeURIComponent(want.rule)); }
    if (want.path) { parts.push("path=" + encodeURIComponent(want.path)); }
    if (want.state) { parts.push("state=" + encodeURIComponent(want.state)); }
    try {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    } catch (error) {
      // Some browsers refuse to rewrite a file: address; the filter still applies.
    }
  }

  function readAddress() {
    var fragment = location.hash.replace(/^#/, "");
    if (!/(^|&)(severity|rule|path|state)=/.test(fragment)) {
      return false;
    }
    var values = {};
    fragment.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        values[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
      }
    });
    if (values.severity !== undefined) {
      var chosen = values.severity.split(",");
      Array.prototype.forEach.call(severities, function (box) {
        box.checked = chosen.indexOf(box.value) >= 0;
      });
    }
    if (rule) { rule.value = values.rule || ""; }
    if (path) { path.value = values.path || ""; }
    if (state) { state.value = values.state || ""; }
    return true;
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () {
    if (readAddress()) { apply(false); }
  });
  // A rule named in the summary filters the list to it.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("rule-filter") && rule) {
      rule.value = target.getAttribute("data-rule");
      apply(true);
      list.scrollIntoView();
    }
  });
  form.hidden = false;
  readAddress();
  apply(false);
})();
