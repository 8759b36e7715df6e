// Makes the book's charts interactive, but only when a reader is about to look at one.
// Every chart arrives as a static SVG drawn at execution (visible at first paint, without
// JavaScript and in print) next to its inert JSON spec. When a chart comes near the viewport or
// gets keyboard focus, this loader fetches the Vega bundle once (vega-bundle.mjs, next to this
// script: not a .js file, so Jupyter Book does not put it into every page) and draws the spec
// over the static drawing CSS shows (laid out for the figure's width: wide or narrow), from
// that layout's spec and in the same reserved box, then removes the static SVGs: nothing on
// the page moves. If the bundle or the drawing fails, the SVG stays.
// The figure keeps its role (img) and name (title and description) in both states; the drawing
// itself is hidden from assistive technology. A chart with tooltips takes keyboard focus: the
// arrow keys step through its marks, showing the same tooltip as the pointer does and reading
// it out through a polite live region. Charts are found by class: no inline script, no ids.
(function () {
  "use strict";
  var script = document.currentScript;
  var BUNDLE = new URL("vega-bundle.mjs", script ? script.src : document.baseURI).href;
  // Start drawing a screen before the chart scrolls in, so it is ready when it arrives.
  var MARGIN = "600px 0px";
  var bundle = null;

  // The bundle as a classic script (a module or fetch() would fail from file://), loaded once.
  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        if (window.vegaEmbed) { resolve(window.vegaEmbed); return; }
        var tag = document.createElement("script");
        tag.src = BUNDLE;
        tag.async = true;
        tag.onload = function () {
          if (window.vegaEmbed) { resolve(window.vegaEmbed); } else {
            reject(new Error("isil-charts: " + BUNDLE + " defined no vegaEmbed"));
          }
        };
        tag.onerror = function () { reject(new Error("isil-charts: could not load " + BUNDLE)); };
        document.head.appendChild(tag);
      });
    }
    return bundle;
  }

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
    if (!tooltipMarks(view).length) { view.removeAttribute("tabindex"); return; }
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

  // The spec of the drawing CSS shows (the wide or the narrow layout, each laid out already
  // at its fixed width): the interactive view is drawn exactly as that drawing was, in the
  // same box. The narrow spec carries no data of its own: it shares the wide one's.
  function specFor(figure, drawing) {
    var wide = JSON.parse(figure.querySelector("script.isil-spec").textContent);
    var node = figure.querySelector("script.isil-spec-narrow");
    if (!drawing || drawing.getAttribute("data-layout") !== "narrow" || !node) { return wide; }
    var narrow = JSON.parse(node.textContent);
    narrow.datasets = wide.datasets;
    return narrow;
  }
  function shownDrawing(view) {
    return Array.prototype.filter.call(view.querySelectorAll("svg.isil-static"), function (svg) {
      return svg.getClientRects().length > 0;
    })[0] || null;
  }
  // Vega labels its container and svg for assistive technology; the figure already names the
  // image, so the drawing is hidden like the static one was.
  function hideDrawing(layer) {
    ["role", "aria-label", "aria-roledescription"].forEach(function (name) {
      layer.removeAttribute(name);
    });
    layer.setAttribute("aria-hidden", "true");
    var svg = layer.querySelector("svg");
    if (svg) {
      svg.setAttribute("focusable", "false");
      svg.setAttribute("aria-hidden", "true");
      if (!svg.getAttribute("viewBox")) {
        svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " +
                         svg.getAttribute("height"));
      }
    }
  }
  function fail(view, layer, error) {
    if (layer && layer.parentNode) { layer.parentNode.removeChild(layer); }
    view.dataset.error = String(error);  // the static drawing stays
    if (!tooltipMarks(view).length) { view.removeAttribute("tabindex"); }
    console.error(error);
  }
  function draw(figure) {
    var view = figure.querySelector(".isil-chart-view");
    var specNode = figure.querySelector("script.isil-spec");
    if (!view || !specNode || view.dataset.pending || view.dataset.rendered === "interactive") {
      return;
    }
    view.dataset.pending = "1";
    var layer = null;
    loadBundle().then(function (vegaEmbed) {
      var drawing = shownDrawing(view);
      layer = document.createElement("div");
      layer.className = "isil-chart-live";
      view.appendChild(layer);  // over the static drawing, in the box it reserves
      view.dataset.layout = drawing ? drawing.getAttribute("data-layout") : "wide";
      var spec = specFor(figure, drawing);
      return vegaEmbed(layer, spec, { actions: false, renderer: "svg" }).then(function () {
        hideDrawing(layer);
        Array.prototype.forEach.call(view.querySelectorAll("svg.isil-static"), function (svg) {
          svg.parentNode.removeChild(svg);
        });
        view.dataset.rendered = "interactive";
        keyboardTooltips(view);
      });
    }).catch(function (error) { fail(view, layer, error); })
      .then(function () { delete view.dataset.pending; });
  }

  function start() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.isil-chart"));
    // In print the static drawing is the chart: vector, laid out already, nothing to load.
    if (!figures.length || (window.matchMedia && window.matchMedia("print").matches)) { return; }
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: MARGIN }) : null;
    figures.forEach(function (figure) {
      var view = figure.querySelector(".isil-chart-view");
      if (!view) { return; }
      // Focusable at once, so a keyboard reader reaching it starts the interactive view.
      view.tabIndex = 0;
      view.addEventListener("focus", function () { draw(figure); });
      if (observer) { observer.observe(figure); } else { draw(figure); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
