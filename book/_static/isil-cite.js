// The cite-this-page block: the page's full address once it is known (served or from disk),
// and a button that copies the citation. Without JavaScript the block shows the page's path
// within the site and is selected and copied by hand.
(function () {
  "use strict";
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("pre.isil-cite-text"), function (pre) {
      var path = pre.getAttribute("data-address");
      if (path && /^https?:$/.test(window.location.protocol)) {
        pre.textContent = pre.textContent.replace(path, window.location.href.split("#")[0]);
      }
      if (!navigator.clipboard) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "isil-cite-copy";
      button.textContent = "Copy the citation";
      var status = document.createElement("span");
      status.className = "isil-cite-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.textContent).then(function () {
          status.textContent = "Copied.";
        }, function () {
          status.textContent = "Copying failed: select the text and copy it.";
        });
      });
      pre.parentNode.appendChild(button);
      pre.parentNode.appendChild(status);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
