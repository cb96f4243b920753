// The correspondence network as a d3 force layout, from /api/network with the page's date filter.
// People are links to their pages (focusable with Tab); the table below holds the same edges. Messages
// quoted inside a telegram (links of kind "embedded") are drawn as dotted arrows of their own, telegrams
// the collection lacks that telegrams refer to (kind "referenced") as long-dashed ones.
(function () {
  "use strict";
  const el = document.getElementById("network");
  if (!el || typeof d3 === "undefined") return;
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  ["start", "end"].forEach((k) => { if (params.get(k)) query.set(k, params.get(k)); });
  const personPage = (iri) => {
    const i = iri.indexOf("/id/");
    return i < 0 ? null : (document.body.dataset.root || "/") + "doc/" + iri.slice(i + 4);
  };

  fetch(el.dataset.source + (query.toString() ? "?" + query : ""))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))
    .then(draw)
    .catch((error) => { el.textContent = "The network could not be drawn: " + error.message; });

  function draw(data) {
    const width = el.clientWidth || 900, height = 544;
    const nodes = data.nodes.map((n) => Object.assign({}, n));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const relays = new Set(data.links.flatMap((l) => l.via || []));
    const links = data.links.filter((l) => byId.has(l.source) && byId.has(l.target)).map((l) => Object.assign({}, l));
    const vias = links.flatMap((l) => (l.via || []).filter((v) => byId.has(v)).flatMap((v) => [
      { source: l.source, target: v }, { source: v, target: l.target },
    ]));
    const svg = d3.select(el).append("svg").attr("viewBox", [0, 0, width, height])
      .attr("role", "group").attr("aria-label", nodes.length + " people and " + links.length + " links");
    svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -5 10 10").attr("refX", 10).attr("refY", 0)
      .attr("markerWidth", 7).attr("markerHeight", 7).attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", "#56637d");
    const radius = (n) => 7 + 3 * Math.sqrt(n.weight || 1);
    const simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(150))
      .force("via", d3.forceLink(vias).id((n) => n.id).distance(110).strength(0.2))
      .force("charge", d3.forceManyBody().strength(-600))
      .force("center", d3.forceCenter(width / 2, height / 2))
      .force("collide", d3.forceCollide().radius((n) => radius(n) + 24));
    const via = svg.append("g").selectAll("line").data(vias).join("line").attr("class", "via");
    const STYLE = {  // class, dashes and colour per kind; a telegram's own link takes the stylesheet's
      telegram: ["link", null, null], embedded: ["message", "2 4", "#8a5a00"], referenced: ["reference", "8 4", "#6a4c93"],
    };
    const style = (l) => STYLE[l.kind] || STYLE.telegram;
    const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
    const link = svg.append("g").selectAll("path").data(links).join("path").attr("class", (l) => style(l)[0])
      .attr("stroke-width", (l) => 1 + 1.5 * Math.sqrt(l.value)).attr("marker-end", "url(#arrow)")
      .attr("stroke-dasharray", (l) => style(l)[1]).attr("stroke", (l) => style(l)[2]).attr("fill", "none");
    link.append("title").text((l) => l.kind === "embedded" ? plural(l.value, "message") + " quoted inside a telegram"
      : l.kind === "referenced" ? plural(l.value, "telegram") + " the collection lacks, known from the telegrams that refer to them"
      : plural(l.value, "telegram"));
    const node = svg.append("g").selectAll("g").data(nodes).join("g")
      .attr("class", (n) => "node" + (relays.has(n.id) ? " intermediary" : ""));
    const anchor = node.append("a").attr("href", (n) => personPage(n.id)).attr("aria-label", (n) => n.label);
    anchor.append("circle").attr("r", radius);
    anchor.append("text").attr("x", (n) => radius(n) + 4).attr("y", 4).text((n) => n.label);
    node.call(d3.drag()
      .on("start", (event, n) => { if (!event.active) simulation.alphaTarget(0.3).restart(); n.fx = n.x; n.fy = n.y; })
      .on("drag", (event, n) => { n.fx = event.x; n.fy = event.y; })
      .on("end", (event, n) => { if (!event.active) simulation.alphaTarget(0); n.fx = null; n.fy = null; }));
    function place() {
      via.attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y).attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y);
      link.attr("d", (l) => {
        const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, d = Math.hypot(dx, dy) || 1;
        const r = radius(l.target) + 3;
        return "M" + l.source.x + "," + l.source.y + "L" + (l.target.x - dx / d * r) + "," + (l.target.y - dy / d * r);
      });
      node.attr("transform", (n) => "translate(" + n.x + "," + n.y + ")");
    }

    // Labels: each takes the first side of its circle (right, left, below, above) where it
    // overlaps neither a label already placed nor another person's circle; busiest people first.
    const SIDES = [
      (r, w) => ({ x: r + 4, y: 4, anchor: "start", box: [r + 4, -8, w, 14] }),
      (r, w) => ({ x: -r - 4, y: 4, anchor: "end", box: [-r - 4 - w, -8, w, 14] }),
      (r, w) => ({ x: 0, y: r + 14, anchor: "middle", box: [-w / 2, r + 3, w, 14] }),
      (r, w) => ({ x: 0, y: -r - 5, anchor: "middle", box: [-w / 2, -r - 17, w, 14] }),
    ];
    const overlaps = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    function placeLabels() {
      const circles = nodes.map((n) => { const r = radius(n); return [n.x - r, n.y - r, 2 * r, 2 * r, n]; });
      const placed = [];
      const order = nodes.slice().sort((a, b) => (b.weight || 1) - (a.weight || 1));
      const texts = new Map();
      anchor.select("text").each(function (n) { texts.set(n.id, this); });
      order.forEach((n) => {
        const text = texts.get(n.id);
        const w = text.getComputedTextLength ? text.getComputedTextLength() : 8 * n.label.length;
        const r = radius(n);
        const choices = SIDES.map((side) => side(r, w)).map((c) => Object.assign(c, { at: [n.x + c.box[0], n.y + c.box[1], c.box[2], c.box[3]] }));
        const free = choices.find((c) => !placed.some((b) => overlaps(c.at, b)) &&
          !circles.some((b) => b[4] !== n && overlaps(c.at, b))) || choices[0];
        d3.select(text).attr("x", free.x).attr("y", free.y).attr("text-anchor", free.anchor);
        placed.push(free.at);
        n.labelBox = free.at;
      });
    }

    // The frame fits the drawing: the viewBox is the box of every circle and label, plus a margin.
    function fit() {
      const boxes = nodes.map((n) => n.labelBox || [n.x, n.y, 0, 0]).concat(nodes.map((n) => {
        const r = radius(n); return [n.x - r, n.y - r, 2 * r, 2 * r];
      }));
      if (!boxes.length) return;
      const x0 = Math.min(...boxes.map((b) => b[0])) - 12, y0 = Math.min(...boxes.map((b) => b[1])) - 12;
      const x1 = Math.max(...boxes.map((b) => b[0] + b[2])) + 12, y1 = Math.max(...boxes.map((b) => b[1] + b[3])) + 12;
      // never magnified more than 1.5 times (arrows and labels stay their size), centred in the frame
      const w = Math.max(x1 - x0, width / 1.5), h = Math.max(y1 - y0, height / 1.5);
      svg.attr("viewBox", [(x0 + x1 - w) / 2, (y0 + y1 - h) / 2, w, h]);
    }

    simulation.stop();
    simulation.tick(300);  // lay out before drawing: the graph appears settled, fitted and labelled
    place();
    placeLabels();
    fit();
    simulation.on("tick", place).on("end", () => { placeLabels(); fit(); });
    el.dataset.nodes = String(nodes.length);
  }
})();
