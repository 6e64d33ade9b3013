// The site's search page: MiniSearch over the index tradeoffs built in Python (shipped in the
// page as data). Hits are written with textContent only: card text never becomes markup.
(function () {
  "use strict";
  const options = JSON.parse(document.getElementById("search-options").textContent);
  const index = MiniSearch.loadJSON(document.getElementById("search-index").textContent, {
    fields: options.fields,
    storeFields: options.storeFields,
  });
  const box = document.getElementById("q");
  const count = document.getElementById("count");
  const results = document.getElementById("results");
  const root = "../";

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function show(query) {
    const words = query.trim();
    const hits = words ? index.search(words, options.searchOptions) : [];
    const items = hits.map((hit) => {
      const item = element("li");
      const heading = element("p");
      const link = element("a", hit.title);
      link.href = root + hit.path;
      heading.append(link, " ", element("span", `(${hit.kind})`, "reading"));
      item.append(heading);
      if (hit.summary) item.append(element("p", hit.summary));
      return item;
    });
    results.replaceChildren(...items);
    count.textContent = words
      ? `${hits.length} ${hits.length === 1 ? "match" : "matches"} for “${words}”`
      : "";
    window.tradeoffsSearch.query = words;
    window.tradeoffsSearch.hits = hits.map((hit) => hit.id);
  }

  window.tradeoffsSearch = { ready: false, query: "", hits: [] };
  box.addEventListener("input", () => show(box.value));
  document.querySelector("form.search").addEventListener("submit", (event) => {
    event.preventDefault();
    show(box.value);
  });
  const given = new URLSearchParams(window.location.search).get("q") || "";
  box.value = given;
  show(given);
  window.tradeoffsSearch.ready = true;
})();
