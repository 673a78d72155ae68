// Filters the finding checkboxes by the words typed; works on every [data-picker] box.
document.querySelectorAll("[data-picker]").forEach(function (box) {
  var input = document.getElementById(box.dataset.picker);
  var status = document.getElementById(box.dataset.picker + "-count");
  if (!input) { return; }
  input.hidden = false;
  input.closest(".picker-search").hidden = false;
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    box.querySelectorAll(".form-check").forEach(function (row) {
      var tick = row.querySelector("input");
      // The label is shortened: search the finding's whole text too.
      var text = (row.textContent + " " + (tick.dataset.search || "")).toLowerCase();
      var checked = tick.checked;
      var match = checked || words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    if (status) { status.textContent = shown + " shown"; }
  });
});
