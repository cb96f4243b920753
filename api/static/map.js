// Maps without a tile server: the vendored world outline (Natural Earth 1:110m) as the basemap,
// places as circles. #map takes every place from /api/places; #place-map shows one place.
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
      .then((world) => L.geoJSON(world, { style: land, interactive: false }).addTo(map).bringToBack());
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

  const big = document.getElementById("map");
  if (big) {
    const { map } = worldMap(big, {});
    map.setView([42, 115], 3);
    fetch(big.dataset.source)
      .then((r) => r.json())
      .then((places) => {
        const markers = L.featureGroup();
        places.features.forEach((f) => {
          const [lon, lat] = f.geometry.coordinates;
          const radius = 5 + 3 * Math.sqrt(f.properties.telegrams);
          L.circleMarker([lat, lon], { radius: radius, color: "#2f3e5c", weight: 1.5, fillColor: "#d35400", fillOpacity: 0.75,
            className: "place-marker" })
            .bindPopup(popup(f.properties))
            .bindTooltip(f.properties.label)
            .addTo(markers);
        });
        markers.addTo(map);
        if (places.features.length) map.fitBounds(markers.getBounds().pad(0.3), { maxZoom: 5, animate: false });
        big.dataset.markers = String(places.features.length);
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
