/* The link chart of an investigation (issue 8 §3): cytoscape.js draws the network the page's data URL
   returns, filtered by type, dates and an entity's neighbourhood; a click opens the entity; "Save as PNG"
   downloads what is drawn; the timeline lists the dated links shown. No inline script (CSP). */
(function () {
  "use strict";
  var box = document.getElementById("link-chart");
  if (!box || typeof cytoscape === "undefined") { return; }
  var form = document.getElementById("chart-filters");
  var status = document.getElementById("chart-status");
  var timeline = document.getElementById("timeline-body");
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f"];
  var shapes = { phone: "diamond", email: "diamond", address: "triangle", BankAccount: "round-rectangle",
                 Company: "rectangle", LegalEntity: "rectangle", Vehicle: "hexagon", RealEstate: "pentagon" };
  var cy = null;

  function query() {
    var params = new URLSearchParams();
    var kinds = Array.prototype.map.call(form.querySelectorAll("input[name=kinds]:checked"), function (i) { return i.value; });
    if (kinds.length) { params.set("kinds", kinds.join(",")); }
    ["links", "from", "to", "focus", "hops"].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) { params.set(name, field.value); }
    });
    if (box.dataset.across === "1") { params.set("across", "1"); }
    return params.toString();
  }

  function cell(text) { var td = document.createElement("td"); td.textContent = text; return td; }

  function draw(data) {
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: box,
      elements: { nodes: data.nodes, edges: data.edges },
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 },
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 10, "width": 18, "height": 18,
          "background-color": function (n) { var g = n.data("group"); return g < 0 ? "#7f7f7f" : palette[g % palette.length]; },
          "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; } } },
        { selector: "edge", style: {
          "width": 1.5, "line-color": "#aaa", "target-arrow-color": "#aaa", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "label": "data(type)", "font-size": 8, "text-rotation": "autorotate" } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#000" } }
      ]
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      status.textContent = event.target.data("type") + ": " + event.target.data("label");
      if (url && event.originalEvent && event.originalEvent.detail > 1) { window.location.href = url; }
    });
    status.textContent = box.dataset.counts.replace("NODES", data.nodes.length).replace("LINKS", data.edges.length);
    box.dataset.nodes = String(data.nodes.length);
    box.dataset.edges = String(data.edges.length);
    timeline.replaceChildren();
    data.timeline.forEach(function (row) {
      var tr = document.createElement("tr");
      [row.date, row.type, row.source, row.target, row.amount ? String(row.amount) : ""].forEach(function (t) { tr.appendChild(cell(t)); });
      timeline.appendChild(tr);
    });
  }

  function load() {
    status.textContent = box.dataset.loading;
    fetch(box.dataset.url + "?" + query(), { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (r) { if (r.ok) { draw(r.body); } else { status.textContent = r.body.message; } });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  document.getElementById("chart-png").addEventListener("click", function () {
    if (!cy) { return; }
    var link = document.createElement("a");
    link.href = cy.png({ full: true, bg: "white", scale: 2 });
    link.download = box.dataset.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  load();
}());
