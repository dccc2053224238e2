// The monitoring centre's live queue: Server-Sent Events from /monitoring/stream/. Each event carries the
// alert's row as server-rendered HTML; the row is replaced or added without reloading the page, and a new
// alert is announced to screen readers. EventSource reconnects by itself with the last event id.
(function () {
  "use strict";
  var table = document.getElementById("alert-queue");
  if (!table || !window.EventSource) { return; }
  var script = document.currentScript;
  var rows = document.getElementById("alert-rows");
  var status = document.getElementById("queue-live-status");
  var announce = document.getElementById("queue-announce");
  var empty = document.getElementById("queue-empty");
  var filter = table.getAttribute("data-status");
  var source = new EventSource(table.getAttribute("data-stream"));
  source.onopen = function () { status.textContent = script.getAttribute("data-connected"); };
  source.onerror = function () { status.textContent = script.getAttribute("data-lost"); };
  source.addEventListener("alert", function (event) {
    var data = JSON.parse(event.data);
    var existing = document.getElementById("alert-" + data.id);
    var keep = data.status !== "closed" && (!filter || filter === data.status);
    if (!keep) { if (existing) { existing.remove(); } }
    else {
      var holder = document.createElement("tbody");
      holder.innerHTML = data.html.trim();
      var row = holder.firstElementChild;
      if (existing) { existing.replaceWith(row); }
      else {
        rows.insertBefore(row, rows.firstChild);
        announce.textContent = script.getAttribute("data-new") + ": " + data.label + ", " + data.client;
      }
    }
    empty.hidden = rows.children.length > 0;
  });
})();
