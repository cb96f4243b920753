// Telegrams per period as bars (d3), from /api/timeline; each bar links to that period's telegrams.
(function () {
  "use strict";
  const el = document.getElementById("timeline");
  if (!el || typeof d3 === "undefined") return;
  fetch(el.dataset.source)
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))
    .then(draw)
    .catch((error) => { el.textContent = "The timeline could not be drawn: " + error.message; });

  function draw(points) {
    const width = el.clientWidth || 900, height = 288, margin = { top: 16, right: 16, bottom: 48, left: 40 };
    const svg = d3.select(el).append("svg").attr("viewBox", [0, 0, width, height])
      .attr("role", "group").attr("aria-label", "Telegrams per period, " + points.length + " periods");
    const x = d3.scaleBand().domain(points.map((p) => p.period)).range([margin.left, width - margin.right]).padding(0.2);
    const y = d3.scaleLinear().domain([0, d3.max(points, (p) => p.count) || 1]).nice().range([height - margin.bottom, margin.top]);
    const bars = svg.append("g").selectAll("a").data(points).join("a")
      .attr("href", (p) => (document.body.dataset.root || "/") + "telegrams?start=" + p.period + "&end=" + p.period)
      .attr("aria-label", (p) => p.period + ": " + p.count + " telegram" + (p.count === 1 ? "" : "s"));
    bars.append("rect").attr("class", "bar").attr("x", (p) => x(p.period)).attr("width", x.bandwidth())
      .attr("y", (p) => y(p.count)).attr("height", (p) => y(0) - y(p.count));
    bars.append("title").text((p) => p.period + ": " + p.count + " telegram" + (p.count === 1 ? "" : "s"));
    svg.append("g").attr("class", "axis").attr("transform", "translate(0," + (height - margin.bottom) + ")")
      .call(d3.axisBottom(x)).selectAll("text").attr("transform", "rotate(-35)").style("text-anchor", "end");
    svg.append("g").attr("class", "axis").attr("transform", "translate(" + margin.left + ",0)")
      .call(d3.axisLeft(y).ticks(Math.min(5, d3.max(points, (p) => p.count) || 1)).tickFormat(d3.format("d")));
    el.dataset.bars = String(points.length);
  }
})();
