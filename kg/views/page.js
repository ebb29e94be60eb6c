/* gonghui-kg network view: draws the data of #kg-data with vis-network.
 * Report text is untrusted: it goes into the document with textContent only (never
 * parsed as markup), and node/edge tooltips are our own elements, not vis-network "title"s. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodesById = new Map();
  var edgesOf = new Map(); // node id -> edges (data items)
  data.nodes.forEach(function (n) { nodesById.set(n.id, n); edgesOf.set(n.id, []); });
  data.edges.forEach(function (e) { edgesOf.get(e.from).push(e); edgesOf.get(e.to).push(e); });
  var large = !data.physics;

  function nodeColour(n, on) {
    if (!on) return { background: data.dim, border: data.dim, highlight: { background: data.dim, border: data.dim } };
    return { background: n.colour, border: "#555555", highlight: { background: n.colour, border: "#000000" },
             hover: { background: n.colour, border: "#000000" } };
  }
  function nodeItem(n) {
    var item = { id: n.id, label: n.label, shape: n.shape, size: n.size, color: nodeColour(n, true),
                 borderWidth: 1, font: { size: n.kind === "person" ? 13 : 15, color: "#222222" } };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  function edgeItem(e) {
    var item = { id: e.id, from: e.from, to: e.to, dashes: e.dashes, width: Math.min(4, 0.8 + 0.4 * sources(e).length),
                 color: { color: e.colour, highlight: "#333333", hover: "#333333" } };
    if (data.edgeLabels) item.label = e.label;
    return item;
  }
  function sources(e) {
    var all = [];
    e.roles.forEach(function (r) { all = all.concat(r.sources); });
    return all;
  }

  var nodes = new vis.DataSet(data.nodes.map(nodeItem));
  var edges = new vis.DataSet(data.edges.map(edgeItem));
  var options = {
    autoResize: true,
    nodes: { scaling: { label: { drawThreshold: 6 } } },
    edges: { smooth: large ? false : { type: "continuous" }, selectionWidth: 2,
             font: { size: 11, color: "#555555", strokeWidth: 3, align: "middle" } },
    interaction: { hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                   navigationButtons: false, keyboard: false, multiselect: false },
    layout: { improvedLayout: !large && data.nodes.length <= 100, randomSeed: 7 },
    physics: large ? { enabled: false } : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true }
    }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  // -- labels: by importance and zoom, never overlapping ----------------------------------------
  // Labels keep one size on screen (LABEL_PX) whatever the zoom, so zooming out leaves less room:
  // after each zoom a placement pass walks the nodes largest first (then by degree) and shows a
  // label only where its box (below the node) meets no label already placed; the others get a
  // font too small to draw. Edge labels (small views only) are placed the same way, after the node
  // labels, and only from EDGE_LABEL_SCALE on (zoomed in).
  var LABEL_PX = 13, EDGE_LABEL_PX = 11, EDGE_LABEL_SCALE = 1.2, HIDDEN = 0.01, PAD = 2;
  var measure = document.createElement("canvas").getContext("2d");
  var byImportance = data.nodes.slice().sort(function (a, b) {
    return b.size - a.size || b.degree - a.degree || a.id - b.id;
  });
  function textWidth(text, px) { measure.font = px + "px arial"; return measure.measureText(text).width; }
  function collides(box, placed) {
    for (var i = 0; i < placed.length; i++) {
      var q = placed[i];
      if (box.l < q.r && q.l < box.r && box.t < q.b && q.t < box.b) return true;
    }
    return false;
  }
  var placement = { scale: null, nodes: new Set(), edges: new Set() };
  // where vis-network draws an edge's label: the middle of its (possibly curved) line
  function edgeMiddle(e, a, b) {
    var drawn = network.body && network.body.edges[e.id];
    if (drawn && drawn.edgeType && drawn.edgeType.getPoint) {
      try { return drawn.edgeType.getPoint(0.5); } catch (err) { /* straight middle below */ }
    }
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }
  // font of each item = placement's size + highlight's colour (vis-network replaces `font` whole)
  var fontSize = { nodes: new Map(), edges: new Map() }, fontColour = { nodes: new Map(), edges: new Map() };
  function nodeFont(id) {
    var f = { color: fontColour.nodes.get(id) || "#222222" };
    if (fontSize.nodes.has(id)) f.size = fontSize.nodes.get(id);
    return f;
  }
  function edgeFont(id) {
    var f = { color: fontColour.edges.get(id) || "#555555" };
    if (fontSize.edges.has(id)) f.size = fontSize.edges.get(id);
    return f;
  }
  function placeLabels() {
    var scale = network.getScale();
    if (placement.scale === scale) return;
    placement.scale = scale;
    var pos = network.getPositions();
    var placed = [], nodeUpdates = [], shown = new Set();
    byImportance.forEach(function (n) {
      var p = pos[n.id], px = (n.kind === "person" ? LABEL_PX : LABEL_PX + 2) / scale;
      var w = textWidth(n.label, px), h = px * 1.25, pad = PAD / scale;
      // below the shape; two lines high: vis-network reports the box of a "hanging" label up
      // to one line lower than it draws it, and both must stay clear
      var box = { l: p.x - w / 2 - pad, r: p.x + w / 2 + pad, t: p.y + n.size - pad, b: p.y + n.size + 2 * h + pad };
      var ok = !collides(box, placed);
      if (ok) { box.id = "n" + n.id; placed.push(box); shown.add(n.id); }
      fontSize.nodes.set(n.id, ok ? px : HIDDEN);
      nodeUpdates.push({ id: n.id, font: nodeFont(n.id) });
    });
    nodes.update(nodeUpdates);
    placement.nodes = shown;
    var shownEdges = new Set();
    if (data.edgeLabels) {
      var epx = EDGE_LABEL_PX / scale, edgeUpdates = [];
      data.edges.forEach(function (e) {
        var a = pos[e.from], b = pos[e.to], ok = false;
        if (scale >= EDGE_LABEL_SCALE) {
          var mid = edgeMiddle(e, a, b), x = mid.x, y = mid.y, w = textWidth(e.label, epx), h = epx * 1.25, pad = PAD / scale;
          var box = { l: x - w / 2 - pad, r: x + w / 2 + pad, t: y - h / 2 - pad, b: y + h / 2 + pad };
          ok = !collides(box, placed);
          if (ok) { box.id = "e" + e.id; placed.push(box); shownEdges.add(e.id); }
        }
        fontSize.edges.set(e.id, ok ? epx : HIDDEN);
        edgeUpdates.push({ id: e.id, font: edgeFont(e.id) });
      });
      edges.update(edgeUpdates);
    }
    placement.edges = shownEdges;
    placement.boxes = placed;
  }

  // -- "drawn" marker (tests and benchmarks wait for it) -------------------------------------
  var settled = large;
  function markDrawn() {
    if (document.body.dataset.drawn === "true") return;
    view.drawnAt = performance.now();
    document.body.dataset.drawn = "true";
  }
  // placement after any drawing at a new scale (zoom, fit, focus) or once a node was moved
  network.on("afterDrawing", function () { if (settled) { placeLabels(); markDrawn(); } });
  network.on("dragEnd", function (p) { if (p.nodes.length) { placement.scale = null; network.redraw(); } });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } }); // stay still once laid out
    settled = true;
    network.fit();
    network.redraw();
  });

  // -- DOM helpers: text only ------------------------------------------------------------------
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined && text !== null) x.textContent = String(text);
    return x;
  }
  function describe(n) {
    if (n.kind === "org") return data.kinds.org + " · " + (data.levels[n.level || ""] || n.level);
    if (n.kind === "meeting") return data.kinds.meeting + " · " + (data.statuses[n.status] || n.status) +
      (n.date ? " · " + n.date : "") + (n.org ? " · " + n.org : "");
    return data.kinds[n.kind] || n.kind;
  }
  function other(e, id) { return nodesById.get(e.from === id ? e.to : e.from); }
  function firstDate(e) {
    var d = e.roles.map(function (r) { return r.dates; }).filter(Boolean).sort();
    return d.length ? d[0] : "9999";
  }

  // -- tooltips --------------------------------------------------------------------------------
  var tip = document.getElementById("kg-tooltip");
  function showTip(content, pointer) {
    tip.replaceChildren.apply(tip, content);
    var rect = container.getBoundingClientRect();
    tip.style.left = Math.min(rect.left + pointer.x + 14, window.innerWidth - 350) + "px";
    tip.style.top = (rect.top + pointer.y + 14) + "px";
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) {
    var n = nodesById.get(p.node);
    var parts = [el("div", "kg-tip-title", n.label), el("div", "kg-meta", describe(n) + " · " + plural(n.degree, "link"))];
    var list = edgesOf.get(n.id).slice().sort(function (a, b) { return firstDate(a) < firstDate(b) ? -1 : 1; });
    list.slice(0, 6).forEach(function (e) {
      parts.push(el("div", null, e.label + " · " + other(e, n.id).label));
    });
    if (list.length > 6) parts.push(el("div", "kg-meta", "… " + (list.length - 6) + " more (click)"));
    showTip(parts, p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    var e = data.edges[p.edge];
    var parts = [el("div", "kg-tip-title", nodesById.get(e.from).label + " — " + nodesById.get(e.to).label)];
    e.roles.forEach(function (r) {
      parts.push(el("div", null, r.role + (r.dates ? " (" + r.dates + ")" : "") + " · " + plural(bySentence(r.sources).length, "source")));
    });
    showTip(parts, p.pointer.DOM);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom", "click"].forEach(function (ev) { network.on(ev, hideTip); });

  // -- side panel: roles with their evidence ---------------------------------------------------
  var panel = document.getElementById("kg-panel");
  var MAX_LISTED = 200;
  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
  // Evidence grouped by sentence: one quote per distinct (report, sentence), with every date it
  // gives; a sentence already quoted higher up in the panel (``quoted``) is referred to, not repeated.
  function bySentence(sources) {
    var groups = new Map();
    sources.forEach(function (s) {
      var key = s[0] + "\u0000" + s[2];
      if (!groups.has(key)) groups.set(key, { doc: s[0], quote: s[2], dates: [] });
      if (s[1] && groups.get(key).dates.indexOf(s[1]) < 0) groups.get(key).dates.push(s[1]);
    });
    return Array.from(groups.values());
  }
  function sourceList(r, quoted) {
    var ol = el("ol", "kg-sources");
    bySentence(r.sources).forEach(function (g) {
      var report = data.reports[g.doc] || ["", ""];
      var li = el("li");
      var title = report[0] && report[0] !== g.doc ? report[0] : "";
      if (title) li.appendChild(el("div", null, title));
      var meta = [g.doc];
      if (report[1]) meta.push("published " + report[1]);
      var dated = g.dates.filter(function (d) { return d !== report[1]; });
      if (dated.length) meta.push("dated " + dated.join(", "));
      li.appendChild(el("div", "kg-meta", meta.join(" · ")));
      var key = g.doc + "\u0000" + g.quote;
      if (quoted && quoted.has(key)) {
        li.appendChild(el("div", "kg-meta kg-same", "same sentence as quoted above (" + quoted.get(key) + ")"));
      } else {
        li.appendChild(el("blockquote", null, g.quote));
        if (quoted) quoted.set(key, r.role);
      }
      ol.appendChild(li);
    });
    return ol;
  }
  function roleItem(e, r, id, quoted) {
    var li = el("li", "kg-role");
    var head = el("div", "kg-role-head");
    head.appendChild(el("span", null, r.role + " "));
    if (id !== null) {
      var target = other(e, id);
      var link = el("a", null, target.label);
      link.addEventListener("click", function () { select(target.id, true); });
      head.appendChild(link);
    }
    li.appendChild(head);
    var meta = [];
    if (r.dates) meta.push(r.dates);
    if (r.how) meta.push(r.how.join(", "));
    if (r.meetings) meta.push("meetings: " + r.meetings.join("; "));
    meta.push(plural(bySentence(r.sources).length, "source"));
    li.appendChild(el("div", "kg-meta", meta.join(" · ")));
    li.appendChild(sourceList(r, quoted));
    return li;
  }
  function showNode(id) {
    var n = nodesById.get(id);
    var parts = [el("h2", null, n.label), el("div", "kg-meta", describe(n) + " · " + plural(n.degree, "link"))];
    if (n.aliases && n.aliases.length) parts.push(el("div", "kg-meta", "also: " + n.aliases.join(", ")));
    parts.push(el("div", "kg-meta kg-iri", n.iri));
    if (n.timeline && n.timeline.length) parts = parts.concat(timelineOf(n));
    var list = edgesOf.get(id).slice().sort(function (a, b) {
      var da = firstDate(a), db = firstDate(b);
      return da < db ? -1 : da > db ? 1 : other(a, id).label.localeCompare(other(b, id).label);
    });
    parts.push(el("h3", null, n.kind === "org" ? "Leaders and roles, by date" : n.kind === "meeting" ? "People and organiser" : "Roles, by date"));
    var ul = el("ul", "kg-roles");
    var shown = 0, quoted = new Map();
    list.forEach(function (e) {
      e.roles.forEach(function (r) { if (shown++ < MAX_LISTED) ul.appendChild(roleItem(e, r, id, quoted)); });
    });
    parts.push(ul);
    if (shown > MAX_LISTED) parts.push(el("p", "kg-meta", (shown - MAX_LISTED) + " more not listed"));
    panel.replaceChildren.apply(panel, parts);
    panel.scrollTop = 0;
  }
  function timelineOf(n) {
    var ol = el("ol", "kg-timeline");
    n.timeline.forEach(function (t) {
      var li = el("li");
      var from = t.began || "", to = t.ended || (t.ended_by.length ? "ended (" + t.ended_by.join(", ") + ")" : "");
      var when = from || to ? (from || "…") + " – " + (to || "…") : "";
      li.appendChild(el("span", "kg-when", when));
      li.appendChild(el("span", null, " " + t.post));
      if (t.seen) li.appendChild(el("div", "kg-meta", "seen " + t.seen));
      ol.appendChild(li);
    });
    return [el("h3", null, "Timeline"), ol];
  }
  function showMatches(ids, text) {
    var parts = [el("h2", null, ids.length + " found: " + text)];
    var ul = el("ul", "kg-matches");
    ids.forEach(function (id) {
      var n = nodesById.get(id);
      var li = el("li");
      var link = el("a", null, n.label);
      link.addEventListener("click", function () { select(id, true); });
      li.appendChild(link);
      li.appendChild(el("span", "kg-meta", " " + describe(n) + " · " + plural(n.degree, "link")));
      ul.appendChild(li);
    });
    parts.push(ul);
    panel.replaceChildren.apply(panel, parts);
    panel.scrollTop = 0;
  }
  function showEdge(eid) {
    var e = data.edges[eid];
    var parts = [el("h2", null, nodesById.get(e.from).label + " — " + nodesById.get(e.to).label)];
    var ul = el("ul", "kg-roles");
    var quoted = new Map();
    e.roles.forEach(function (r) { ul.appendChild(roleItem(e, r, null, quoted)); });
    parts.push(ul);
    panel.replaceChildren.apply(panel, parts);
  }

  // -- neighbourhood highlight -----------------------------------------------------------------
  var highlighted = false;
  function highlight(ids) {
    var near = new Set(ids);
    ids.forEach(function (id) { network.getConnectedNodes(id).forEach(function (m) { near.add(m); }); });
    nodes.update(data.nodes.map(function (n) {
      var on = near.has(n.id);
      fontColour.nodes.set(n.id, on ? "#222222" : "#bbbbbb");
      return { id: n.id, color: nodeColour(n, on), font: nodeFont(n.id) };
    }));
    var chosen = new Set(ids);
    edges.update(data.edges.map(function (e) {
      var on = chosen.has(e.from) || chosen.has(e.to);
      fontColour.edges.set(e.id, on ? "#555555" : "#cccccc");
      return { id: e.id, color: { color: on ? e.colour : data.dim, highlight: "#333333", hover: "#333333" },
               font: edgeFont(e.id) };
    }));
    highlighted = true;
  }
  function clearHighlight() {
    if (!highlighted) return;
    fontColour.nodes.clear();
    fontColour.edges.clear();
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: nodeColour(n, true), font: nodeFont(n.id) }; }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: { color: e.colour, highlight: "#333333", hover: "#333333" }, font: edgeFont(e.id) };
    }));
    highlighted = false;
  }
  function select(id, focus) {
    highlight([id]);
    network.selectNodes([id]);
    showNode(id);
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
  }
  network.on("click", function (p) {
    if (p.nodes.length) { select(p.nodes[0], false); }
    else if (p.edges.length) { clearHighlight(); showEdge(p.edges[0]); }
    else { clearHighlight(); }
  });

  // -- search ----------------------------------------------------------------------------------
  var names = document.getElementById("kg-names");
  var labels = data.nodes.map(function (n) { return n.label; })
    .concat(data.nodes.filter(function (n) { return n.name; }).map(function (n) { return n.name; }));
  Array.from(new Set(labels)).sort().forEach(function (label) {
    var o = document.createElement("option");
    o.value = label;
    names.appendChild(o);
  });
  var status = document.getElementById("kg-search-status");
  function find(text) {
    text = (text || "").trim();
    if (!text) return [];
    var exact = data.nodes.filter(function (n) {
      return n.label === text || n.name === text || (n.aliases || []).indexOf(text) >= 0;
    });
    var found = exact.length ? exact : data.nodes.filter(function (n) { return n.label.indexOf(text) >= 0; });
    return found.map(function (n) { return n.id; });
  }
  function search(text) {
    var ids = find(text);
    status.textContent = ids.length ? (ids.length > 1 ? ids.length + " found" : "") : "not found";
    if (!ids.length) return ids;
    highlight(ids);
    network.selectNodes(ids);
    if (ids.length > 1) showMatches(ids, text); else showNode(ids[0]);
    network.focus(ids[0], { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    return ids;
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("kg-search").value);
  });
  document.getElementById("kg-search").addEventListener("change", function (ev) { search(ev.target.value); });

  var view = { network: network, nodes: nodes, edges: edges, data: data, select: select, search: search,
               highlight: highlight, clear: clearHighlight, drawnAt: null, placeLabels: placeLabels,
               placement: placement };
  window.kgView = view;
  if (data.focus.length) {
    highlight(data.focus);
    showNode(data.focus[0]);
  }
  if (!data.nodes.length) {
    panel.replaceChildren(el("p", null, "Nothing in the graph matches the filters of this view."));
    settled = true;
    network.redraw();
    markDrawn();
  }
})();
