// A client's EM map: GPS fixes and zones drawn with Leaflet (vendored from npm). Tiles come from the
// configured EM_MAP_TILE_URL; without one (or offline) the vector data is still drawn on a plain background.
(function () {
  "use strict";
  var el = document.getElementById("em-map");
  var source = document.getElementById("em-map-data");
  if (!el || !source || !window.L) { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(el, { attributionControl: true });
  if (data.tiles) { L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution || "" }).addTo(map); }
  var layers = [];
  data.zones.forEach(function (z) {
    var poly = L.polygon(z.polygon, { color: z.kind === "exclusion" ? "#d4351c" : "#00703c", weight: 2, dashArray: z.kind === "exclusion" ? "6 4" : null });
    poly.bindTooltip(z.name);
    poly.addTo(map); layers.push(poly);
  });
  var points = data.fixes.map(function (f) { return [f.lat, f.lon]; });
  if (points.length) {
    var track = L.polyline(points, { color: "#1d70b8", weight: 2 }).addTo(map); layers.push(track);
    var last = L.circleMarker(points[0], { radius: 7, color: "#0b0c0c", fillOpacity: 1 }).addTo(map);
    last.bindTooltip(data.fixes[0].t); layers.push(last);
  }
  if (layers.length) { map.fitBounds(L.featureGroup(layers).getBounds().pad(0.2)); } else { map.setView([56.95, 24.1], 11); }
})();
