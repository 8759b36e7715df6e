// Draws every chart of the page from its inert JSON spec with the locally served Vega bundle.
// Charts are found by class, so chapter outputs carry no inline script and no random id.
(function () {
  "use strict";
  function draw(figure) {
    var view = figure.querySelector(".isil-chart-view");
    var specNode = figure.querySelector("script.isil-spec");
    if (!view || !specNode || view.dataset.drawn) { return; }
    view.dataset.drawn = "1";
    var spec = JSON.parse(specNode.textContent);
    window.vegaEmbed(view, spec, { actions: false, renderer: "svg" })
      .then(function (result) {
        view.dataset.rendered = "1";
        var svg = view.querySelector("svg");
        if (svg) { svg.setAttribute("focusable", "false"); svg.setAttribute("aria-hidden", "true"); }
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
