// A job's progress, kept up to date without reloading: polls the job's status.json every
// 1.5 s until it is done or failed, then shows the link to the result or why it failed.
// Every text from the server is set with textContent (never as HTML). Without JavaScript the
// page says the same things and has a Refresh link.
(function () {
  "use strict";
  var POLL_MS = 1500;
  var live = document.querySelector("[data-job-status-url]");
  if (!live || live.dataset.jobFinished === "true") { return; }
  var url = live.dataset.jobStatusUrl;

  function field(name) { return live.querySelector('[data-job-field="' + name + '"]'); }

  function setText(name, value) {
    var element = field(name);
    if (element) { element.textContent = value || ""; }
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function showProgress(data) {
    var bar = field("progress");
    if (data.percent === null) {
      bar.removeAttribute("value");  // indeterminate until the total is known
      setText("percent", "");
    } else {
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
      setText("percent", data.percent + "%");
    }
    setText("progress_text", data.progress_text);
  }

  function errorTable(data) {
    var table = element("table", undefined, "table table-sm");
    var count = data.error_row_count;
    table.appendChild(element("caption", count + (count === 1 ? " problem" : " problems") +
      (data.error_rows.length < count ? ", the first " + data.error_rows.length + " shown" : "") +
      ", by row"));
    var head = table.createTHead().insertRow();
    ["Row", "Column", "Problem"].forEach(function (title) {
      var th = element("th", title);
      th.scope = "col";
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.error_rows.forEach(function (problem) {
      var row = body.insertRow();
      [problem.row, problem.column].forEach(function (value) {
        // The whole file (no row, no column) shows a dash, as the page does.
        row.insertCell().textContent = value === undefined || value === null || value === "" ? "—" : value;
      });
      row.insertCell().textContent = problem.message || "";
    });
    var wrapper = element("div", undefined, "table-responsive");
    wrapper.appendChild(table);
    return wrapper;
  }

  function showResult(data) {
    var box = field("result");
    box.textContent = "";
    if (data.status === "done" && data.result_url) {
      var paragraph = element("p");
      var link = element("a", data.result_label, "btn btn-primary");
      link.href = data.result_url;
      paragraph.appendChild(link);
      box.appendChild(paragraph);
    } else if (data.status === "failed") {
      var alert = element("div", undefined, "alert alert-danger");
      alert.setAttribute("role", "alert");
      alert.appendChild(element("p", data.error, "mb-0"));
      box.appendChild(alert);
      if (data.error_rows.length) { box.appendChild(errorTable(data)); }
    }
    var refresh = field("refresh");
    if (refresh) { refresh.remove(); }
  }

  function show(data) {
    var badge = field("status_label");
    badge.textContent = data.status_label;
    badge.className = "badge job-status job-status-" + data.status;
    setText("message", data.status === "failed" ? "" : data.message);
    field("progress_row").hidden = data.status === "failed";
    showProgress(data);
    if (data.finished) {
      showResult(data);
      live.dataset.jobFinished = "true";
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (!data || !data.finished) { window.setTimeout(poll, POLL_MS); }
      })
      .catch(function () { window.setTimeout(poll, POLL_MS * 2); });
  }

  window.setTimeout(poll, POLL_MS);
})();
