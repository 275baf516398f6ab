// The static site's search: the one piece of JavaScript. Without it, search.html points to the category pages.
// It ranks as the web search does (web/search.py): names arrive in one word form (singular, US spelling), the
// query is put in the same form, a word no name holds is split where names hold its halves side by side
// ("frontend") or read as the nearest word that does (one letter added, dropped or changed), then: exact title,
// exact reviewed synonym, a title the query spells out but for its last word's ending, exact other name, title
// holding every word, another name holding them. search.html?q=... searches on opening, so a search can be shared.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const out = document.getElementById("results");
  if (!form || !input || !out) return;
  form.hidden = false;
  let index = null;
  let vocabulary = null; // word -> how many names hold it
  let pairs = null; // "left right": words side by side in a name
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) input.value = asked;
  fetch("search-index.json").then((r) => r.json()).then((data) => {
    index = data;
    vocabulary = countWords(data);
    pairs = sideBySide(data);
    show();
  });

  function singular(t) {
    if (t.length <= 3 || index.keep.some((k) => t.endsWith(k)) || t in index.spellings) return t;
    if (t.endsWith("ies") && t.length > 4) return t.slice(0, -3) + "y";
    if (["sses", "xes", "ches", "shes"].some((e) => t.endsWith(e))) return t.slice(0, -2);
    return t.endsWith("s") ? t.slice(0, -1) : t;
  }
  function normal(t) {
    t = singular(t);
    t = index.spellings[t] || t;
    return t.endsWith("isation") ? t.slice(0, -7) + "ization" : t;
  }
  function words(text) {
    const plain = text.toLowerCase().split("\u2019").join("'").split("'s").join("");
    return (plain.match(/[a-z0-9]+/g) || []).map(normal);
  }
  function countWords(data) {
    const counts = new Map();
    for (const role of data.roles) for (const name of role.names) for (const w of new Set(name.split(" "))) {
      counts.set(w, (counts.get(w) || 0) + 1);
    }
    return counts;
  }
  function sideBySide(data) {
    const found = new Set();
    for (const role of data.roles) for (const name of role.names) {
      const w = name.split(" ");
      for (let i = 0; i + 1 < w.length; i++) found.add(w[i] + " " + w[i + 1]);
    }
    return found;
  }
  function known(word) {
    if (vocabulary.has(word)) return true;
    for (const k of vocabulary.keys()) if (k.startsWith(word)) return true;
    return false;
  }
  function split(word) {
    let best = null;
    for (let i = index.min_half; i <= word.length - index.min_half; i++) {
      const left = normal(word.slice(0, i));
      const right = normal(word.slice(i));
      if (!pairs.has(left + " " + right)) continue;
      const weight = Math.min(vocabulary.get(left) || 0, vocabulary.get(right) || 0);
      const better = !best || weight > best[0] || (weight === best[0] && (left > best[1] || (left === best[1] && right > best[2])));
      if (better) best = [weight, left, right];
    }
    return best ? [best[1], best[2]] : null;
  }
  function read(text) {
    const out = [];
    for (const word of words(text.slice(0, 200)).slice(0, 16)) {
      const halves = word.length < index.min_corrected || known(word) ? null : split(word);
      if (halves) out.push(...halves); else out.push(corrected(word));
    }
    return out;
  }
  function deletions(word) {
    const out = new Set();
    for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
    return out;
  }
  function corrected(word) {
    if (word.length < index.min_corrected || known(word)) return word;
    const mine = deletions(word);
    let best = null;
    for (const [known, count] of vocabulary) {
      if (Math.abs(known.length - word.length) > 1) continue;
      const fewer = mine.has(known); // the query has a letter too many
      const theirs = known.length >= index.min_corrected ? deletions(known) : new Set();
      const near = fewer || theirs.has(word) || [...theirs].some((d) => mine.has(d)); // too few, or one changed
      if (near && (!best || count > best[1] || (count === best[1] && known < best[0]))) best = [known, count];
    }
    return best ? best[0] : word;
  }
  function holdsAll(nameWords, query) {
    return query.every((q, k) => nameWords.some((t) => (k === query.length - 1 ? t.startsWith(q) : t === q)));
  }
  function completes(titleWords, query) {
    const n = query.length;
    if (titleWords.length !== n || !n) return false;
    for (let k = 0; k < n - 1; k++) if (titleWords[k] !== query[k]) return false;
    return titleWords[n - 1].startsWith(query[n - 1]);
  }
  function rank(role, query, phrase) {
    let tier = 9;
    let strength = 0;
    const reviewed = role.reviewed || [];
    role.names.forEach((name, i) => {
      const nameWords = name.split(" ");
      const all = holdsAll(nameWords, query);
      if (all) strength += 1;
      let here = 9;
      if (name === phrase) here = i === 0 ? 0 : reviewed.includes(phrase) ? 1 : 3;
      else if (i === 0 && completes(nameWords, query)) here = 2;
      else if (all) here = i === 0 ? 4 : 5;
      tier = Math.min(tier, here);
    });
    return [tier, strength];
  }
  function show() {
    out.textContent = "";
    if (!index) return;
    const query = read(input.value);
    if (!query.length) return;
    const phrase = query.join(" ");
    const hits = index.roles.map((role) => [...rank(role, query, phrase), role]).filter(([tier]) => tier < 9)
      .sort((a, b) => a[0] - b[0] || b[1] - a[1] || a[2].title.localeCompare(b[2].title)).slice(0, 25);
    for (const [, , role] of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "roles/" + role.id + ".html";
      link.textContent = role.title + " (" + role.score + ", " + role.label + ")";
      item.appendChild(link);
      out.appendChild(item);
    }
    if (!hits.length) out.textContent = "No role matches.";
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); show(); });
  input.addEventListener("input", show);
})();
