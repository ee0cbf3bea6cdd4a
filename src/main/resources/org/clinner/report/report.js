"use strict";
// ClinNER pages: sortable tables, label and kind filters, and the service's try-it widget.
// Text only ever reaches the page as text nodes (never as markup).
(function () {
  function sortValue(cell) {
    var value = cell.getAttribute("data-sort");
    if (value === null) { value = cell.textContent; }
    var number = Number(value);
    return value !== "" && !isNaN(number) ? number : value.toLowerCase();
  }

  function sortBy(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortValue(a.cells[column]);
      var y = sortValue(b.cells[column]);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function checked(selector, attribute) {
    var on = {};
    document.querySelectorAll(selector).forEach(function (box) {
      on[box.getAttribute(attribute)] = box.checked;
    });
    return on;
  }

  function applyFilters() {
    var labels = checked("input[data-filter-label]", "data-filter-label");
    var kinds = checked("input[data-filter-kind]", "data-filter-kind");
    var narrowed = [labels, kinds].some(function (boxes) {
      return Object.keys(boxes).some(function (k) { return !boxes[k]; });
    });
    document.querySelectorAll("section.doc").forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("mark").forEach(function (mark) {
        var kind = Object.keys(kinds).filter(function (k) { return mark.classList.contains(k); })[0];
        var shown = labels[mark.getAttribute("data-label")] !== false && (!kind || kinds[kind] !== false);
        mark.classList.toggle("off", !shown);
        if (shown && kind && kind !== "exact") { visible++; }
      });
      // once a filter narrows the view, a document stays only if it shows an error of what is checked;
      // a document without its text shows no spans, so the filters cannot judge it and it stays
      var hide = narrowed && visible === 0 && section.querySelector(".pair") !== null;
      section.hidden = hide;
      var row = document.querySelector('tr[data-doc="' + section.id + '"]');
      if (row) { row.hidden = hide; }
    });
  }

  // the try-it widget of clinner serve: POST /v1/annotate, offsets in UTF-16 as JavaScript counts them
  function render(target, text, mentions, colours) {
    target.textContent = "";
    var cuts = [0, text.length];
    mentions.forEach(function (m) { cuts.push(m.start, m.end); });
    cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i], to = cuts[i + 1], into = target;
      mentions.forEach(function (m, id) {
        if (m.start <= from && m.end >= to) {
          var mark = document.createElement("mark");
          mark.setAttribute("data-id", String(id));
          mark.setAttribute("data-label", m.label);
          mark.title = m.label + " \u00b7 " + m.confidence.toFixed(3);
          mark.className = colours[m.label] || "l7";
          into.appendChild(mark);
          into = mark;
        }
      });
      into.appendChild(document.createTextNode(text.substring(from, to)));
    }
  }

  // the table shows code point offsets, as the MultiClinAI TSV counts them
  function codePoints(text, utf16) {
    return Array.from(text.substring(0, utf16)).length;
  }

  function mentionRows(table, text, mentions) {
    var body = table.tBodies[0];
    body.textContent = "";
    mentions.forEach(function (m) {
      var row = body.insertRow();
      var cells = [m.label, codePoints(text, m.start), codePoints(text, m.end), m.confidence.toFixed(3), m.text];
      cells.forEach(function (value) {
        row.insertCell().textContent = String(value);
      });
    });
    table.hidden = mentions.length === 0;
  }

  function widget(root) {
    var form = root.querySelector("form");
    var status = root.querySelector(".status");
    var colours = JSON.parse(root.getAttribute("data-colours") || "{}");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.elements.text.value;
      var headers = { "Content-Type": "application/json" };
      if (form.elements.token.value) { headers.Authorization = "Bearer " + form.elements.token.value; }
      status.textContent = "annotating\u2026";
      status.className = "status";
      var body = { text: text, mode: form.elements.mode.value };
      fetch("v1/annotate?offsets=utf16", { method: "POST", headers: headers, body: JSON.stringify(body) })
        .then(function (response) { return response.json().then(function (json) { return [response, json]; }); })
        .then(function (pair) {
          if (!pair[0].ok) { throw new Error(pair[1].error + ": " + pair[1].message); }
          render(root.querySelector(".result"), text, pair[1].mentions, colours);
          mentionRows(root.querySelector("table.mentions"), text, pair[1].mentions);
          status.textContent = pair[1].mentions.length + " mentions";
        })
        .catch(function (error) {
          status.textContent = String(error.message || error);
          status.className = "status error";
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("th.sortable").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th); });
    });
    document.querySelectorAll("input[data-filter-label], input[data-filter-kind]").forEach(function (box) {
      box.addEventListener("change", applyFilters);
    });
    document.querySelectorAll(".widget").forEach(widget);
  });
})();
