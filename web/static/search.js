// The static site's search: the one piece of JavaScript. Without it, search.html points to the category pages.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const out = document.getElementById("results");
  if (!form || !input || !out) return;
  form.hidden = false;
  const words = (text) => (text.toLowerCase().match(/[a-z0-9]+/g) || []);
  let index = null;
  fetch("search-index.json").then((r) => r.json()).then((data) => { index = data; show(); });
  function score(role, query) {
    const phrase = query.join(" ");
    let best = 9;
    role.names.forEach((name, i) => {
      const w = words(name);
      const exact = w.join(" ") === phrase;
      const all = query.every((q, k) => w.some((t) => (k === query.length - 1 ? t.startsWith(q) : t === q)));
      const tier = exact ? (i === 0 ? 0 : 1) : (all ? (i === 0 ? 2 : 3) : 9);
      best = Math.min(best, tier);
    });
    return best;
  }
  function show() {
    const query = words(input.value);
    out.textContent = "";
    if (!index || !query.length) return;
    const hits = index.map((role) => [score(role, query), role]).filter(([s]) => s < 9)
      .sort((a, b) => a[0] - b[0] || a[1].names[0].localeCompare(b[1].names[0])).slice(0, 25);
    for (const [, role] of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "roles/" + role.id + ".html";
      link.textContent = role.names[0] + " (" + role.score + ", " + role.label + ")";
      item.appendChild(link);
      out.appendChild(item);
    }
    if (!hits.length) out.textContent = "No role matches.";
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); show(); });
  input.addEventListener("input", show);
})();
