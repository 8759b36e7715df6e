// Draws every chart of the page from its inert JSON spec with the locally served Vega bundle.
// Charts are found by class, so chapter outputs carry no inline script and no random id.
// A chart with tooltips takes keyboard focus: the arrow keys step through its marks, showing the
// same tooltip as the pointer does and reading it out through a polite live region.
(function () {
  "use strict";
  function tooltipMarks(view) {
    return Array.prototype.filter.call(view.querySelectorAll("svg *"), function (el) {
      return el.__data__ && el.__data__.tooltip != null && el.__data__._svg === el;
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
      el.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: box.left + box.width / 2,
                                                clientY: box.top + box.height / 2 }));
    }
    function hide() {
      if (current >= 0) { pointer("pointerout", marks[current]); }
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
    });
    view.addEventListener("blur", hide);
  }
  function draw(figure) {
    var view = figure.querySelector(".isil-chart-view");
    var specNode = figure.querySelector("script.isil-spec");
    if (!view || !specNode || view.dataset.drawn) { return; }
    view.dataset.drawn = "1";
    var spec = JSON.parse(specNode.textContent);
    window.vegaEmbed(view, spec, { actions: false, renderer: "svg" })
      .then(function (result) {
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
