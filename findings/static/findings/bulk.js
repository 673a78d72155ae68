// The findings list's "tick every finding on this page" box (shown only with script).
(function () {
  "use strict";
  var all = document.querySelector("[data-bulk-triage] [data-select-all]");
  if (!all) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-bulk-triage] input[name=findings]"));
  all.hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  });
}());
