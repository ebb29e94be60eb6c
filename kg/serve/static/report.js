/* gonghui-kg report page: highlight the span named by the address (#ev-START-END) and scroll to it. */
(function () {
  "use strict";
  function show() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    document.querySelectorAll("mark.kg-current").forEach(function (m) { m.classList.remove("kg-current"); });
    if (id.indexOf("ev-") !== 0) return;
    var key = id.slice(3);
    var marks = Array.prototype.filter.call(document.querySelectorAll("#kg-text mark"), function (m) {
      return (m.dataset.ev || "").split(" ").indexOf(key) >= 0;
    });
    marks.forEach(function (m) { m.classList.add("kg-current"); });
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    document.body.dataset.current = key;
  }
  window.addEventListener("hashchange", show);
  show();
})();
