// Triage in place on the statement page: each finding's judgement, source and category are
// saved as they are changed (POST to the finding's triage URL with the version the page shows;
// the answer is the new version, or 409 with what someone else changed), and the result is
// written next to the finding. "Next not yet reviewed" moves focus to the next finding whose
// judgement is "Not yet reviewed". Without this script the form posts as an ordinary form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-triage]");
  if (!form || !window.fetch) { return; }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var remaining = document.getElementById("triage-remaining");
  form.classList.add("triage-live");

  function items() { return Array.prototype.slice.call(form.querySelectorAll("[data-finding]")); }
  function field(item, name) { return item.querySelector("[data-field=" + name + "]"); }
  function unreviewed(item) { return field(item, "judgement").value === "not_reviewed"; }

  function say(item, text, ok) {
    var status = item.querySelector(".triage-status");
    status.textContent = text;
    status.classList.toggle("triage-ok", ok === true);
    status.classList.toggle("triage-refused", ok === false);
  }

  function showJudgement(item) {
    item.className = item.className.replace(/\bjudged-\S+/g, "").trim() +
      " judged-" + field(item, "judgement").value;
  }

  function count() {
    if (!remaining) { return; }
    var left = items().filter(unreviewed).length;
    remaining.innerHTML = "";
    var strong = document.createElement("strong");
    strong.textContent = String(left);
    remaining.appendChild(strong);
    remaining.appendChild(document.createTextNode(
      left ? " not yet reviewed" : " not yet reviewed: every finding has a judgement"));
    document.querySelectorAll("[data-next-unreviewed]").forEach(function (link) {
      link.hidden = left === 0;
    });
  }

  // The new version always; the saved values only when the change was refused (after a save
  // the selects may already hold a newer change, waiting to be sent).
  function apply(item, answer, saved) {
    var prefix = item.dataset.prefix;
    if (typeof answer.version === "number") {
      form.querySelector("[name='" + prefix + "-version']").value = answer.version;
    }
    if (answer.values && !saved) {
      Object.keys(answer.values).forEach(function (name) {
        var select = field(item, name);
        if (select) { select.value = answer.values[name]; }
      });
    }
    showJudgement(item);
    count();
  }

  // The finding's three choices as they are now (to tell whether a change is still unsent).
  function choices(item) {
    return ["judgement", "source", "evidence_category"].map(function (name) {
      var select = field(item, name);
      return select ? select.value : "";
    }).join("|");
  }

  // One request at a time per finding: a second change waits for the first one's version,
  // and is sent only if it differs from what the first one carried.
  function save(item) {
    if (item.dataset.busy) {
      if (choices(item) !== item.dataset.sending) { item.dataset.again = "1"; }
      return;
    }
    item.dataset.busy = "1";
    item.dataset.sending = choices(item);
    var prefix = item.dataset.prefix;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    form.querySelectorAll("[name^='" + prefix + "-']").forEach(function (input) {
      if (input.closest("[data-finding]") === item) { body.append(input.name, input.value); }
    });
    say(item, "Saving…");
    fetch(item.dataset.triageUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      return response.json().then(function (answer) { return { status: response.status, answer: answer }; },
        function () { return { status: response.status, answer: {} }; });
    }).then(function (result) {
      var again = item.dataset.again;
      delete item.dataset.busy;
      delete item.dataset.again;
      var saved = result.status === 200;
      apply(item, result.answer, saved);
      var text = result.answer.message || ("Not saved (error " + result.status + "): reload the page and try again.");
      say(item, text, saved);
      if (again && saved && choices(item) !== item.dataset.sending) { save(item); }
    }).catch(function () {
      delete item.dataset.busy;
      delete item.dataset.again;
      say(item, "Not saved: the server could not be reached. Try again, or reload the page.", false);
    });
  }

  form.addEventListener("change", function (event) {
    var select = event.target.closest("[data-field]");
    if (!select) { return; }
    var item = select.closest("[data-finding]");
    showJudgement(item);
    count();
    save(item);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-next-unreviewed]");
    if (!link) { return; }
    event.preventDefault();
    var all = items();
    var here = link.closest("[data-finding]");
    var start = here ? all.indexOf(here) + 1 : 0;
    var ordered = all.slice(start).concat(all.slice(0, start));
    var next = ordered.filter(function (item) { return item !== here && unreviewed(item); })[0];
    if (!next) {
      if (here) { say(here, "Every finding has a judgement: none is left to review.", true); }
      count();
      return;
    }
    all.forEach(function (item) { item.classList.remove("triage-current"); });
    next.classList.add("triage-current");
    if (history.replaceState) { history.replaceState(null, "", "#" + next.id); }
    next.scrollIntoView({ block: "center" });
    field(next, "judgement").focus({ preventScroll: true });
  });
}());
