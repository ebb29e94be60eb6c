/* gonghui-kg node pages: the neighbourhood network, drawn with vis-network from the view data
 * of kg.views (kg.views.page.view_data). Labels come from reports: vis-network draws them on
 * a canvas as text; clicking a node opens its page. */
(function () {
  "use strict";
  var box = document.getElementById("kg-network");
  var source = document.getElementById("kg-network-data");
  if (!box || !source || typeof vis === "undefined") return;
  var data = JSON.parse(source.textContent);
  var focus = {};
  data.focus.forEach(function (id) { focus[id] = true; });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, shape: n.shape, size: focus[n.id] ? n.size + 8 : n.size,
             color: { background: n.colour, border: focus[n.id] ? "#000000" : "#555555" },
             borderWidth: focus[n.id] ? 3 : 1, font: { size: 13, color: "#222222" } };
  }));
  var labelled = data.nodes.length <= 30; // larger neighbourhoods: no edge labels (the facts are listed below)
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: labelled ? e.label : undefined,
             dashes: e.dashes,
             color: { color: e.colour }, font: { size: 10, color: "#555555", strokeWidth: 3 } };
  }));
  var network = new vis.Network(box, { nodes: nodes, edges: edges }, {
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 300, fit: true } },
    interaction: { hover: true }, edges: { smooth: { type: "continuous" } }
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    document.body.dataset.drawn = "true";
  });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  network.on("click", function (params) {
    if (params.nodes.length) {
      var n = byId[params.nodes[0]];
      if (n && n.href && !focus[n.id]) window.location.href = n.href;
    }
  });
  window.kgNetwork = { network: network, data: data, nodes: nodes };
})();
