// Draws every chart of the page from its inert JSON spec with the locally served Vega bundle.
// Charts are found by class, so chapter outputs carry no inline script and no random id.
// Vega labels the container with the bare description and the role "graphics-document"; the
// figure's own role (img) and name (title and description) are put back once it has drawn.
// A chart with tooltips takes keyboard focus: the arrow keys step through its marks, showing the
// same tooltip as the pointer does and reading it out through a polite live region.
(function () {
  "use strict";
  // One mark per distinct tooltip, in drawing order. Lines and areas are left out: Vega shows
  // their tooltip for the point nearest the pointer, and their points have marks of their own.
  function tooltipMarks(view) {
    var seen = {};
    return Array.prototype.filter.call(view.querySelectorAll("svg *"), function (el) {
      var item = el.__data__;
      if (!item || item._svg !== el || item.tooltip == null || !item.mark ||
          /^(line|area|trail)$/.test(item.mark.marktype)) { return false; }
      var key = JSON.stringify(item.tooltip);
      return seen[key] ? false : (seen[key] = true);
    });
  }
  function describe(value) {
    if (value === null || typeof value !== "object") { return String(value); }
    return Object.keys(value).map(function (key) { return key + ": " + value[key]; }).join("; ");
  }
  function keyboardTooltips(view) {
    if (!tooltipMarks(view).length) { return; }
    var live = document.createElement("p");
    live.className = "isil-visually-hidden isil-tooltip-live";
    live.setAttribute("aria-live", "polite");
    view.parentNode.insertBefore(live, view.nextSibling);
    view.tabIndex = 0;
    view.setAttribute("aria-keyshortcuts", "ArrowRight ArrowLeft Home End Escape");
    var current = -1, marks = [];
    function pointer(type, el) {
      var box = el.getBoundingClientRect();
      el.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: box.left + box.width / 2,
                                              clientY: box.top + box.height / 2 }));
    }
    function hide() {
      if (current >= 0) { pointer("mouseout", marks[current]); }  // Vega hides on mouseout
      current = -1;
      view.removeAttribute("data-tooltip-index");
    }
    function show(index) {
      hide();
      marks = tooltipMarks(view);
      current = (index + marks.length) % marks.length;
      pointer("pointermove", marks[current]);
      view.dataset.tooltipIndex = String(current);
      live.textContent = describe(marks[current].__data__.tooltip);
    }
    view.addEventListener("keydown", function (event) {
      var last = tooltipMarks(view).length - 1;
      var keys = { ArrowRight: current + 1, ArrowDown: current + 1, ArrowLeft: current - 1,
                   ArrowUp: current - 1, Home: 0, End: last };
      if (event.key in keys) {
        show(current < 0 && keys[event.key] < 0 ? last : keys[event.key]);
      } else if (event.key === "Escape") {
        hide();
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation();  // the arrows turn the page everywhere else (navigation_with_keys)
    });
    view.addEventListener("blur", hide);
  }
  // On a narrow screen a chart keeps room to draw its data: long labels are cut shorter (each
  // one is whole in the tooltip and the table) and legends go below the plot.
  var NARROW = 560;
  function narrowConfig(spec, width) {
    if (width >= NARROW) { return {}; }
    var cap = Math.max(80, Math.round(width * 0.35));
    (function shorten(node) {
      if (Array.isArray(node)) { node.forEach(shorten); return; }
      if (!node || typeof node !== "object") { return; }
      Object.keys(node).forEach(function (key) {
        if (key === "datasets" || key === "data" || key === "values") { return; }
        if (key === "labelLimit" && typeof node[key] === "number") {
          node[key] = Math.min(node[key], cap);
        } else {
          shorten(node[key]);
        }
      });
    })(spec);
    return { axis: { labelLimit: cap }, legend: { orient: "bottom", direction: "vertical" } };
  }
  function draw(figure) {
    var view = figure.querySelector(".isil-chart-view");
    var specNode = figure.querySelector("script.isil-spec");
    if (!view || !specNode || view.dataset.drawn) { return; }
    view.dataset.drawn = "1";
    var spec = JSON.parse(specNode.textContent);
    var role = view.getAttribute("role"), label = view.getAttribute("aria-label");
    var config = narrowConfig(spec, view.clientWidth);
    window.vegaEmbed(view, spec, { actions: false, renderer: "svg", config: config })
      .then(function (result) {
        if (role) { view.setAttribute("role", role); }
        if (label) { view.setAttribute("aria-label", label); }
        view.removeAttribute("aria-roledescription");
        var svg = view.querySelector("svg");
        if (svg) { svg.setAttribute("focusable", "false"); svg.setAttribute("aria-hidden", "true"); }
        keyboardTooltips(view);
        view.dataset.rendered = "1";
        return result;
      })
      .catch(function (error) { view.dataset.error = String(error); console.error(error); });
  }
  function drawAll() {
    if (!window.vegaEmbed) { console.error("isil-charts: the Vega bundle did not load"); return; }
    document.querySelectorAll("figure.isil-chart").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
