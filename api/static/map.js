// Maps without a tile server: the vendored world outline (Natural Earth 1:110m) as the basemap,
// places as circles (grouped where they would overlap), countries as their outlines. #map takes every place from /api/places; #place-map shows one place.
(function () {
  "use strict";
  const ROOT = document.body.dataset.root || "/";  // this server, as the page was reached (api/links.py)
  const WORLD = ROOT + "static/vendor/world/countries-110m.geojson";
  const land = { color: "#8b8577", weight: 0.6, fillColor: "#f2efe6", fillOpacity: 1 };

  function worldMap(el, options) {
    const map = L.map(el, Object.assign({ worldCopyJump: false, minZoom: 1, maxZoom: 9, attributionControl: true }, options));
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Outlines: Natural Earth");
    const ready = fetch(WORLD)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))
      .then((world) => {
        L.geoJSON(world, { style: land, interactive: false }).addTo(map).bringToBack();
        return world;
      });
    return { map: map, ready: ready };
  }

  function popup(properties) {
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = ROOT + "doc/place/" + encodeURIComponent(properties.id);
    link.textContent = properties.label;
    box.append(link, document.createElement("br"), properties.telegrams + " telegram" + (properties.telegrams === 1 ? "" : "s"));
    return box;
  }

  // Places that are countries are drawn as their outlines, not as a dot at their centre.
  // Keys: a place's id or its label, lower case; values: the outline names in countries-110m.
  const SOVIET_REPUBLICS = ["Russia", "Ukraine", "Belarus", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan",
    "Tajikistan", "Georgia", "Armenia", "Azerbaijan", "Moldova", "Lithuania", "Latvia", "Estonia"];
  const COUNTRIES = {
    ussr: SOVIET_REPUBLICS, "soviet union": SOVIET_REPUBLICS, russia: ["Russia"],
    usa: ["United States of America"], "united states": ["United States of America"],
    korea: ["North Korea", "South Korea"], "north korea": ["North Korea"], "south korea": ["South Korea"],
    dprk: ["North Korea"], china: ["China"], prc: ["China"], mongolia: ["Mongolia"], japan: ["Japan"], taiwan: ["Taiwan"],
  };
  const outlined = { color: "#a04000", weight: 2, fillColor: "#d35400", fillOpacity: 0.18, className: "country-outline" };
  const dot = { color: "#2f3e5c", weight: 1.5, fillColor: "#d35400", fillOpacity: 0.75, className: "place-marker" };
  const NEAR = 6;  // pixels between two circles' edges below which they are drawn as one group

  function countryOf(properties) {
    return COUNTRIES[String(properties.id).toLowerCase()] || COUNTRIES[String(properties.label).toLowerCase()] || null;
  }

  function radiusOf(telegrams) {
    return 5 + 3 * Math.sqrt(telegrams);
  }

  function groupPopup(members) {
    const box = document.createElement("div");
    const list = document.createElement("ul");
    list.className = "plain";
    members.forEach((m) => {
      const item = document.createElement("li");
      item.append(popup(m.properties));
      list.append(item);
    });
    box.append(members.length + " places here", list);
    return box;
  }

  // Circles that would overlap at this zoom are merged, greedily from the busiest place, into
  // one circle at their weighted centre that lists them all (no cluster plugin is vendored).
  function groups(map, places) {
    const sorted = places.slice().sort((a, b) => b.properties.telegrams - a.properties.telegrams);
    const found = [];
    sorted.forEach((place) => {
      const point = map.latLngToLayerPoint(place.latlng);
      const radius = radiusOf(place.properties.telegrams);
      const near = found.find((g) => g.point.distanceTo(point) < g.radius + radius + NEAR);
      if (near) {
        near.members.push(place);
      } else {
        found.push({ point: point, radius: radius, members: [place] });
      }
    });
    return found;
  }

  function drawPlaces(map, layer, places) {
    layer.clearLayers();
    groups(map, places).forEach((g) => {
      if (g.members.length === 1) {
        const f = g.members[0];
        L.circleMarker(f.latlng, Object.assign({ radius: radiusOf(f.properties.telegrams) }, dot))
          .bindPopup(popup(f.properties)).bindTooltip(f.properties.label).addTo(layer);
        return;
      }
      const total = g.members.reduce((n, m) => n + m.properties.telegrams, 0);
      const lat = g.members.reduce((n, m) => n + m.latlng.lat * m.properties.telegrams, 0) / total;
      const lng = g.members.reduce((n, m) => n + m.latlng.lng * m.properties.telegrams, 0) / total;
      const names = g.members.map((m) => m.properties.label).join(", ");
      L.circleMarker([lat, lng], Object.assign({}, dot, { radius: radiusOf(total), weight: 3, className: "place-marker place-group" }))
        .bindPopup(groupPopup(g.members)).bindTooltip(g.members.length + " places: " + names).addTo(layer);
    });
  }

  const big = document.getElementById("map");
  if (big) {
    const { map, ready } = worldMap(big, {});
    map.setView([42, 115], 3);
    Promise.all([fetch(big.dataset.source).then((r) => r.json()), ready])
      .then(([places, world]) => {
        const shapes = new Map(world.features.map((f) => [f.properties.name, f]));
        const countries = L.featureGroup().addTo(map);
        const points = [];
        places.features.forEach((f) => {
          const names = countryOf(f.properties);
          const outlines = names ? names.map((n) => shapes.get(n)).filter(Boolean) : [];
          if (outlines.length) {
            L.geoJSON({ type: "FeatureCollection", features: outlines }, { style: outlined })
              .bindPopup(popup(f.properties)).bindTooltip(f.properties.label, { sticky: true }).addTo(countries);
          } else {
            const [lon, lat] = f.geometry.coordinates;
            points.push({ properties: f.properties, latlng: L.latLng(lat, lon) });
          }
        });
        const markers = L.featureGroup().addTo(map);
        // the view fits the places themselves; the countries named around them do not widen it
        const bounds = points.length ? L.latLngBounds(points.map((p) => p.latlng)) : countries.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds.pad(0.15), { maxZoom: 6, animate: false });
        drawPlaces(map, markers, points);
        map.on("zoomend", () => drawPlaces(map, markers, points));
        big.dataset.markers = String(places.features.length);
        big.dataset.countries = String(places.features.length - points.length);
      });
  }

  const small = document.getElementById("place-map");
  if (small) {
    const lat = Number(small.dataset.lat), lon = Number(small.dataset.lon);
    const { map } = worldMap(small, {});
    map.setView([lat, lon], 4);
    L.circleMarker([lat, lon], { radius: 8, color: "#2f3e5c", weight: 2, fillColor: "#d35400", fillOpacity: 0.85, className: "place-marker" })
      .bindTooltip(small.dataset.label, { permanent: true, direction: "right" })
      .addTo(map);
  }
})();
