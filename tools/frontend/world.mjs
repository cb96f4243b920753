// Build-time only: Natural Earth 1:110m countries (world-atlas TopoJSON) -> a GeoJSON
// FeatureCollection of outlines (Antarctica left out), coordinates rounded to 0.01 degree,
// for the map's basemap.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const [output] = process.argv.slice(2);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);
// A ring that crosses the antimeridian jumps from +180 to -180; drawn on a flat map that is a
// line across the world. Unwrap each ring so that its longitudes run on continuously.
const unwrap = (ring) => {
  let previous = null;
  return ring.map(([lon, lat]) => {
    if (previous !== null) {
      while (lon - previous > 180) lon -= 360;
      while (lon - previous < -180) lon += 360;
    }
    previous = lon;
    return [lon, lat];
  });
};
const polygons = (geometry) => (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates);
const countries = feature(topology, topology.objects.countries);
countries.features = countries.features.filter((country) => country.properties.name !== "Antarctica");
const outline = {
  type: "FeatureCollection",
  features: countries.features.map((country) => ({
    type: "Feature",
    properties: { name: country.properties.name },
    geometry: { type: "MultiPolygon", coordinates: round(polygons(country.geometry).map((polygon) => polygon.map(unwrap))) },
  })),
};
writeFileSync(output, JSON.stringify(outline));
