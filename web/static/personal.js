// The static site's personal score: the same formula as scoring/aijri.py with the reader's own shares of time;
// the role's evidence, barriers and growth stay as published (their product arrives in the page's JSON).
// Nothing leaves the browser. The live site computes the same server-side (POST /roles/{id}/personal).
(function () {
  "use strict";
  var form = document.getElementById("personal-form");
  var out = document.getElementById("personal-result");
  var source = document.getElementById("personal-data");
  if (!form || !out || !source) return;
  var d = Object.assign(/*CONSTANTS*/{}, JSON.parse(source.textContent));  // `jobzone site` writes the constants in

  function roundHalfUp(x) { return Math.floor(x * 10 + 0.5 + 1e-9) / 10; }

  function zoneOf(shown) { return shown >= d.green ? "Green" : shown >= d.yellow ? "Yellow" : "Red"; }

  function labelOf(zone, high) {
    if (zone === "Red") return "Red";
    if (zone === "Yellow") return high >= d.urgent ? "Yellow (Urgent)" : "Yellow (Moderate)";
    if (d.growth === d.accelerated) return "Green (Accelerated)";
    return high >= d.transforming ? "Green (Transforming)" : "Green (Stable)";
  }

  function shares() {
    var values = [];
    for (var n = 1; n <= d.tasks.length; n++) {
      var field = form.elements["share_" + n];
      var v = field ? Number(String(field.value).trim().replace(",", ".")) : NaN;
      if (field && String(field.value).trim() === "") v = 0;
      if (!isFinite(v) || v < 0 || v > 100) throw new Error("task " + n + ": the share of time must be a number from 0 to 100");
      values.push(v);
    }
    var total = values.reduce(function (a, b) { return a + b; }, 0);
    if (total <= 0) throw new Error("at least one task needs a share of time above 0");
    return values.map(function (v) { return v / total * 100; });
  }

  function personal(pct) {
    var weighted = 0, high = 0;
    pct.forEach(function (p, i) {
      weighted += p / 100 * d.tasks[i];
      if (d.tasks[i] >= d.high_score) high += p;
    });
    var raw = (d.ceiling - weighted) * d.modifier;
    var score = Math.min(100, Math.max(0, (raw - d.offset) / d.span * 100));
    var shown = roundHalfUp(score), zone = zoneOf(shown);
    var low = Math.max(0, roundHalfUp(score - d.half)), top = Math.min(100, roundHalfUp(score + d.half));
    var reach = [zoneOf(low), zoneOf(top)].filter(function (z) { return z !== zone; });
    return { shown: shown, zone: zone, label: labelOf(zone, high), low: low, high: top, couldBe: reach[0] };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    try {
      var r = personal(shares());
      out.textContent = "Your score: " + r.shown.toFixed(1) + " / 100, " + r.label +
        (r.couldBe ? " (" + r.zone + ", could be " + r.couldBe + ")" : "") +
        "; 80% band " + r.low.toFixed(1) + "–" + r.high.toFixed(1) + ". The role in general: " + d.published + ".";
    } catch (err) {
      out.textContent = err.message;
    }
  });
})();
