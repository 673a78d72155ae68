// Buttons that need script say so with data-action: the Content-Security-Policy allows no
// inline handlers (onclick="...") nor javascript: links.
document.addEventListener("click", function (event) {
  var control = event.target.closest("[data-action]");
  if (!control) { return; }
  if (control.dataset.action === "print") {
    window.print();
  } else if (control.dataset.action === "back") {
    history.back();
  }
});
