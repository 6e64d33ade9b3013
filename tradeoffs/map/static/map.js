/* The tradeoffs map: draws the embedded graph with vis-network and wires up the controls.
 *
 * Card text is untrusted. It reaches the page only through textContent, and reaches
 * vis-network only as plain strings: labels are drawn on the canvas, and tooltips that are
 * strings are set with innerText. Nothing here builds HTML from text.
 */
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("map-data").textContent);

  const DIMMED_NODE = { background: "#e5e7eb", border: "#d1d5db" };
  const DIMMED_EDGE = "rgba(203, 213, 225, 0.35)";
  const LABEL_COLOUR = "#1f2937";
  const DIMMED_LABEL = "#cbd5e1";
  const FOCUS_SCALE = 1.1;
  const SUGGESTION_LIMIT = 12;

  const kindById = new Map(data.kinds.map((kind) => [kind.id, kind]));
  const typeById = new Map(data.edgeTypes.map((type) => [type.id, type]));
  const cardById = new Map(data.nodes.map((card) => [card.id, card]));
  const neighbours = new Map(data.nodes.map((card) => [card.id, new Set()]));
  for (const edge of data.edges) {
    neighbours.get(edge.from).add(edge.to);
    neighbours.get(edge.to).add(edge.from);
  }

  // ---- small DOM helpers: text only, never markup ----

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function svgElement(tag, attributes) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }

  function kindSwatch(kind) {
    const svg = svgElement("svg", { width: 16, height: 16, class: "swatch", "aria-hidden": "true" });
    const paint = { fill: kind.colour, stroke: kind.colour };
    const shapes = {
      dot: () => svgElement("circle", { cx: 8, cy: 8, r: 6, ...paint }),
      diamond: () => svgElement("polygon", { points: "8,1 15,8 8,15 1,8", ...paint }),
      triangle: () => svgElement("polygon", { points: "8,1 15,14 1,14", ...paint }),
      square: () => svgElement("rect", { x: 2, y: 2, width: 12, height: 12, ...paint }),
    };
    svg.append(shapes[kind.shape]());
    return svg;
  }

  function edgeSwatch(type) {
    const svg = svgElement("svg", { width: 30, height: 12, class: "swatch", "aria-hidden": "true" });
    const line = svgElement("line", {
      x1: 1, y1: 6, x2: type.directed ? 23 : 29, y2: 6, stroke: type.colour, "stroke-width": 2,
    });
    if (Array.isArray(type.dashes)) line.setAttribute("stroke-dasharray", type.dashes.join(" "));
    svg.append(line);
    if (type.directed) svg.append(svgElement("polygon", { points: "22,2 29,6 22,10", fill: type.colour }));
    return svg;
  }

  // ---- the network ----

  function kindLabel(kindId) {
    return kindById.get(kindId).label;
  }

  function nodeTooltip(card) {
    const lines = [card.title, [kindLabel(card.kind), card.category].filter(Boolean).join(" · ")];
    if (card.summary) lines.push(card.summary);
    return lines.join("\n");
  }

  function edgeTooltip(edge) {
    const lines = [
      `${cardById.get(edge.from).title}  →  ${typeById.get(edge.type).label.toLowerCase()}  →  ` +
        cardById.get(edge.to).title,
    ];
    if (edge.note) lines.push(edge.note);
    if (edge.reverseNote) lines.push(edge.reverseNote);
    return lines.join("\n");
  }

  function nodeColour(card, dimmed) {
    if (dimmed) return { ...DIMMED_NODE, highlight: DIMMED_NODE, hover: DIMMED_NODE };
    const colour = kindById.get(card.kind).colour;
    const plain = { background: colour, border: colour };
    return { ...plain, highlight: { background: colour, border: "#111827" }, hover: plain };
  }

  function edgeColour(edge, dimmed) {
    const colour = dimmed ? DIMMED_EDGE : typeById.get(edge.type).colour;
    return { color: colour, highlight: colour, hover: colour, inherit: false };
  }

  function visNode(card) {
    const node = {
      id: card.id,
      kind: card.kind,
      label: card.title,
      title: nodeTooltip(card),
      shape: kindById.get(card.kind).shape,
      size: card.size,
      color: nodeColour(card, false),
    };
    if (card.x !== undefined) {
      node.x = card.x;
      node.y = card.y;
    }
    if (card.id === data.focus) node.borderWidth = 5;
    return node;
  }

  const edgeList = data.edges.map((edge, index) => ({ ...edge, id: index }));
  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(
    edgeList.map((edge) => ({
      id: edge.id,
      from: edge.from,
      to: edge.to,
      type: edge.type,
      title: edgeTooltip(edge),
      color: edgeColour(edge, false),
      dashes: typeById.get(edge.type).dashes,
      arrows: { to: { enabled: typeById.get(edge.type).directed, scaleFactor: 0.6 } },
    })),
  );

  const shownKinds = new Set(data.kinds.map((kind) => kind.id));
  const shownTypes = new Set(data.edgeTypes.map((type) => type.id));
  const nodesView = new vis.DataView(nodes, { filter: (node) => shownKinds.has(node.kind) });
  const edgesView = new vis.DataView(edges, {
    filter: (edge) =>
      shownTypes.has(edge.type) &&
      shownKinds.has(cardById.get(edge.from).kind) &&
      shownKinds.has(cardById.get(edge.to).kind),
  });

  const large = !data.physics;
  const network = new vis.Network(
    document.getElementById("network"),
    { nodes: nodesView, edges: edgesView },
    {
      autoResize: true,
      width: "100%",
      height: "100%",
      nodes: {
        borderWidth: 2,
        borderWidthSelected: 4,
        font: { size: 14, color: LABEL_COLOUR, strokeWidth: 3, strokeColor: "#ffffff" },
      },
      edges: {
        width: 1.5,
        selectionWidth: 1.5,
        // Straight edges are much cheaper to draw, which matters with thousands of them.
        smooth: large ? false : { type: "continuous" },
      },
      physics: {
        enabled: data.physics,
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -150, springLength: 160, avoidOverlap: 0.6 },
        stabilization: { iterations: 400, fit: true },
      },
      interaction: {
        hover: true,
        tooltipDelay: 150,
        hideEdgesOnDrag: large,
        hideEdgesOnZoom: large,
      },
      layout: { improvedLayout: !large, randomSeed: 7 },
    },
  );

  // ---- ready: every node drawn once, the layout still ----

  const api = { network, nodes, edges, nodesView, edgesView, selectCard, ready: false };
  window.tradeoffsMap = api; // for the tests and for anyone poking at the map in the console
  const waitingForReady = [];

  function whenReady(callback) {
    if (api.ready) callback();
    else waitingForReady.push(callback);
  }

  function markReady() {
    api.ready = true;
    document.documentElement.dataset.ready = "true";
    for (const callback of waitingForReady.splice(0)) callback();
  }

  const physicsToggle = document.getElementById("physics");
  physicsToggle.checked = data.physics;
  physicsToggle.addEventListener("change", () => {
    network.setOptions({ physics: { enabled: physicsToggle.checked } });
  });

  if (data.physics) {
    // Let the forces settle once, then hold still so cards stay where people found them.
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      physicsToggle.checked = false;
      network.once("afterDrawing", markReady);
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  // ---- the card panel ----

  const panel = document.getElementById("panel");
  const cardView = document.getElementById("card");
  const statusLine = document.getElementById("status");
  let selectedId = null;

  function renderFacet(facet, level) {
    const section = element("section", undefined, "facet");
    section.append(element(`h${Math.min(level, 6)}`, facet.label));
    if (facet.text !== undefined) {
      section.append(element("p", facet.text));
    } else if (facet.items !== undefined) {
      const list = element("ul");
      for (const item of facet.items) list.append(element("li", item));
      section.append(list);
    } else {
      for (const inner of facet.facets) section.append(renderFacet(inner, level + 1));
    }
    return section;
  }

  function note(label, text) {
    const paragraph = element("p", undefined, "note");
    paragraph.append(element("b", `${label}: `), document.createTextNode(text));
    return paragraph;
  }

  function cardLink(id, title) {
    const link = element("a", title);
    link.href = `#${encodeURIComponent(id)}`;
    return link;
  }

  function renderRelations(id, details) {
    const sections = [];
    if (details.relations.length) {
      sections.push(element("h3", "Related cards"));
      for (const group of details.relations) {
        sections.push(element("h4", group.label));
        const list = element("ul");
        for (const number of group.edges) {
          // What each side wrote: the source's note, and the target's on a two-way link.
          const edge = data.edges[number];
          const outgoing = edge.from === id;
          const other = cardById.get(outgoing ? edge.to : edge.from);
          const own = outgoing ? edge.note : edge.reverseNote;
          const theirs = outgoing ? edge.reverseNote : edge.note;
          const item = element("li");
          item.append(cardLink(other.id, other.title));
          if (own) item.append(note(group.type === "confused_with" ? "The difference" : "Note", own));
          if (theirs) item.append(note(`From “${other.title}”`, theirs));
          list.append(item);
        }
        sections.push(list);
      }
    }
    if (details.offMap.length) {
      sections.push(element("h3", "Also linked (not on this map)"));
      for (const group of details.offMap) {
        sections.push(element("h4", group.label));
        const list = element("ul");
        for (const entry of group.entries) {
          const item = element("li", entry.text);
          if (entry.note) item.append(note("Note", entry.note));
          list.append(item);
        }
        sections.push(list);
      }
    }
    return sections;
  }

  function showCard(id) {
    const card = cardById.get(id);
    const details = data.details[id];
    const meta = element("p", undefined, "meta");
    const kind = element("span", undefined, "kind");
    kind.append(kindSwatch(kindById.get(card.kind)), document.createTextNode(kindLabel(card.kind)));
    meta.append(kind, element("code", card.id));
    cardView.replaceChildren(
      element("h2", card.title),
      meta,
      ...details.facets.map((facet) => renderFacet(facet, 3)),
      ...renderRelations(id, details),
    );
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function closePanel() {
    panel.hidden = true;
    selectedId = null;
    network.unselectAll();
    history.replaceState(null, "", location.pathname + location.search);
  }

  document.getElementById("close-panel").addEventListener("click", closePanel);

  // Layout changes (the panel opening) resize the canvas on the next frame; centre after that.
  function afterLayout(callback) {
    requestAnimationFrame(() => requestAnimationFrame(callback));
  }

  function centreOn(id) {
    if (nodesView.get(id) === null) return; // its kind is filtered out
    const scale = Math.max(network.getScale(), FOCUS_SCALE);
    network.focus(id, { scale, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }

  /** Open a card: its panel, its node selected, the URL fragment naming it. */
  function selectCard(id, { centre = true } = {}) {
    if (!cardById.has(id)) {
      statusLine.textContent = `No card “${id}” on this map.`;
      return;
    }
    statusLine.textContent = "";
    selectedId = id;
    showCard(id);
    if (location.hash !== `#${encodeURIComponent(id)}`) location.hash = encodeURIComponent(id);
    whenReady(() => {
      if (nodesView.get(id) !== null) network.selectNodes([id]);
      if (centre) afterLayout(() => centreOn(id));
    });
  }

  function idFromHash() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return location.hash.slice(1);
    }
  }

  window.addEventListener("hashchange", () => {
    const id = idFromHash();
    if (id && id !== selectedId) selectCard(id);
  });

  network.on("click", (event) => {
    if (event.nodes.length) selectCard(event.nodes[0], { centre: false });
  });

  // ---- neighbourhood: double-click dims all but a card and its neighbours ----

  function dimAllBut(id) {
    const kept = id === null ? null : new Set([id, ...neighbours.get(id)]);
    nodes.update(
      data.nodes.map((card) => {
        const dimmed = kept !== null && !kept.has(card.id);
        return {
          id: card.id,
          color: nodeColour(card, dimmed),
          font: { color: dimmed ? DIMMED_LABEL : LABEL_COLOUR },
        };
      }),
    );
    edges.update(
      edgeList.map((edge) => ({
        id: edge.id,
        color: edgeColour(edge, id !== null && edge.from !== id && edge.to !== id),
      })),
    );
  }

  network.on("doubleClick", (event) => {
    dimAllBut(event.nodes.length ? event.nodes[0] : null);
  });

  // ---- stats, legend and filters ----

  const statsLine = document.getElementById("stats");

  function plural(count, word) {
    return `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;
  }

  function updateStats() {
    const cards = nodesView.length;
    const links = edgesView.length;
    const all = cards === data.nodes.length && links === data.edges.length;
    statsLine.textContent = all
      ? `${plural(cards, "card")} · ${plural(links, "edge")}`
      : `Showing ${cards.toLocaleString("en")} of ${plural(data.nodes.length, "card")} · ` +
        `${links.toLocaleString("en")} of ${plural(data.edges.length, "edge")}`;
  }

  function countBy(items, key) {
    const counts = new Map();
    for (const item of items) counts.set(item[key], (counts.get(item[key]) || 0) + 1);
    return counts;
  }

  function addFilter(fieldset, entry, swatch, count, shown) {
    const label = element("label", undefined, count ? "" : "empty");
    const box = element("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = entry.id;
    box.addEventListener("change", () => {
      if (box.checked) shown.add(entry.id);
      else shown.delete(entry.id);
      nodesView.refresh();
      edgesView.refresh();
      updateStats();
    });
    label.append(box, swatch, element("span", entry.label), element("span", String(count), "count"));
    fieldset.append(label);
  }

  const kindCounts = countBy(data.nodes, "kind");
  const typeCounts = countBy(data.edges, "type");
  for (const kind of data.kinds) {
    addFilter(document.getElementById("kinds"), kind, kindSwatch(kind), kindCounts.get(kind.id) || 0, shownKinds);
  }
  for (const type of data.edgeTypes) {
    addFilter(document.getElementById("edge-types"), type, edgeSwatch(type), typeCounts.get(type.id) || 0, shownTypes);
  }
  updateStats();

  // ---- search: by title or id, as you type ----

  const searchBox = document.getElementById("search");
  const suggestionList = document.getElementById("suggestions");
  const searchable = data.nodes.map((card) => ({
    card,
    title: card.title.toLocaleLowerCase(),
    id: card.id,
  }));
  let suggestions = [];
  let active = -1;

  function rank(entry, query) {
    if (entry.title.startsWith(query)) return 0;
    if (entry.id.startsWith(query)) return 1;
    if (entry.title.includes(query)) return 2;
    if (entry.id.includes(query)) return 3;
    return -1;
  }

  function showSuggestions() {
    const query = searchBox.value.trim().toLocaleLowerCase();
    suggestions = query
      ? searchable
          .map((entry) => ({ entry, score: rank(entry, query) }))
          .filter((match) => match.score >= 0)
          .sort((a, b) => a.score - b.score || a.entry.title.localeCompare(b.entry.title))
          .slice(0, SUGGESTION_LIMIT)
          .map((match) => match.entry.card)
      : [];
    active = suggestions.length ? 0 : -1;
    suggestionList.replaceChildren(
      ...suggestions.map((card, index) => {
        const item = element("li", card.title);
        item.id = `suggestion-${index}`;
        item.setAttribute("role", "option");
        item.append(element("span", card.id, "id"));
        // mousedown, not click: it fires before the search box loses focus and hides the list.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(index);
        });
        return item;
      }),
    );
    if (query && !suggestions.length) suggestionList.replaceChildren(element("li", "No matching card"));
    suggestionList.hidden = !query;
    searchBox.setAttribute("aria-expanded", String(!suggestionList.hidden));
    highlight();
  }

  function highlight() {
    suggestionList.querySelectorAll("[role=option]").forEach((item, index) => {
      item.setAttribute("aria-selected", String(index === active));
      if (index === active) item.scrollIntoView({ block: "nearest" });
    });
    if (active >= 0) searchBox.setAttribute("aria-activedescendant", `suggestion-${active}`);
    else searchBox.removeAttribute("aria-activedescendant");
  }

  function hideSuggestions() {
    suggestionList.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
  }

  function choose(index) {
    const card = suggestions[index];
    if (!card) return;
    hideSuggestions();
    searchBox.value = card.title;
    selectCard(card.id);
  }

  searchBox.addEventListener("input", showSuggestions);
  searchBox.addEventListener("focus", () => {
    if (searchBox.value.trim()) showSuggestions();
  });
  searchBox.addEventListener("blur", hideSuggestions);
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!suggestions.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + suggestions.length) % suggestions.length;
      highlight();
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      hideSuggestions();
    }
  });

  // ---- first card: the one the URL names, else the focus of the selection ----

  const firstId = idFromHash() || data.focus;
  if (firstId) selectCard(firstId);
  if (!data.nodes.length) statusLine.textContent = "This map has no cards: the selection matched none.";
})();
