/* The tradeoffs map: draws the embedded graph with vis-network and wires up the controls.
 *
 * Card text is untrusted. It reaches the page only through textContent, and reaches
 * vis-network only as plain strings: labels are drawn on the canvas, and tooltips that are
 * strings are set with innerText. Nothing here builds HTML from text.
 *
 * Kinds, edge types, their colours, shapes and labels, the chain view's layers and the type
 * that can be compared all come from the page's data (map/data.py): this script names none.
 *
 * Every value is read by name from the page's data, a MapData (map/data.py), whose JSON
 * Schema the tests check the data against. Cards come laid out, grouped into areas (one per
 * category); the map draws one line per relation (every edge between two cards), and when
 * zoomed out draws each area's region and the bundles of relations between areas instead of
 * single lines (semantic zoom).
 *
 * Two networks share the stage: the whole map, and a view network drawn over it for focus
 * mode, the chain view and the areas' overview. Leaving a view hides the second, so the map
 * is exactly where it was.
 *
 * Drawing the whole map is the slow part of a big map (a third of a second at 5,000 cards),
 * so it is drawn only when it must be: filters hide and show cards and edges in place (the
 * `hidden` flag of only those that change, in one batch, then one drawing), the map is not
 * drawn while a view covers it, the selected card is marked by a ring laid over the canvas
 * (selecting draws nothing, so a person's double-click is never late), hovering draws
 * nothing on a big map, and zoomed out the map draws no single edge.
 */
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("map-data").textContent);

  const LABEL_COLOUR = "#1f2937";
  const FOCUS_SCALE = 1.1;
  const SUGGESTION_LIMIT = 12;
  // Above this many cards the map jumps instead of animating: every frame redraws every edge.
  const ANIMATION_LIMIT = 800;
  // A focus bigger than this shows the nearest cards only, so it stays quick and legible.
  const VIEW_LIMIT = 1500;
  const RING = 230; // distance between rings in focus mode, canvas pixels
  const RING_GAP = 120; // room per card along a ring
  const COLUMN = 380; // distance between chain layers
  const ROW = 80; // distance between cards in a chain layer

  // Zoomed out below this scale, the map draws areas and bundles instead of single edges;
  // card labels (14 px on the canvas) appear from the same scale, at 10 px on screen.
  const DETAIL_SCALE = 0.72;
  const LABEL_THRESHOLD = 10;
  // Labels in focus and chain views: this size on screen, at most this many characters.
  const VIEW_LABEL_PX = 12;
  const VIEW_LABEL_CHARS = 30;

  const kindById = new Map(data.kinds.map((kind) => [kind.id, kind]));
  const stateById = new Map(data.recordStates.map((state) => [state.id, state]));

  // A card's colour: its kind's, or for a decision record its state's (the key lists them).
  function cardColour(card) {
    return card.state ? stateById.get(card.state).colour : kindById.get(card.kind).colour;
  }
  const typeById = new Map(data.edgeTypes.map((type) => [type.id, type]));
  const cardById = new Map(data.nodes.map((card) => [card.id, card]));
  // What the map draws and walks: one line per relation, from its first edge's source.
  const relationList = data.relations.map((relation, index) => ({
    id: index,
    from: relation.source,
    to: relation.target,
    type: relation.type,
    edges: relation.edges,
  }));
  const edgesAt = new Map(data.nodes.map((card) => [card.id, []]));
  for (const relation of relationList) {
    edgesAt.get(relation.from).push(relation);
    edgesAt.get(relation.to).push(relation);
  }
  const big = data.nodes.length > ANIMATION_LIMIT;
  const large = big;

  function otherEnd(edge, id) {
    return edge.from === id ? edge.to : edge.from;
  }

  function dashesOf(type) {
    return type.dashes.length ? type.dashes : false;
  }

  // ---- small DOM helpers: text only, never markup ----

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function button(text, onClick, className) {
    const node = element("button", text, className);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  const SVG = "http://www.w3.org/2000/svg";

  function svgElement(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }

  // A vis shape drawn in SVG, centred on (x, y) with radius r: legend swatches and exports.
  function shapeElement(shape, x, y, r, paint) {
    const points = (list) => list.map(([px, py]) => `${x + px * r},${y + py * r}`).join(" ");
    switch (shape) {
      case "diamond":
        return svgElement("polygon", { points: points([[0, -1], [1, 0], [0, 1], [-1, 0]]), ...paint });
      case "triangle":
        return svgElement("polygon", { points: points([[0, -1], [1, 0.8], [-1, 0.8]]), ...paint });
      case "triangleDown":
        return svgElement("polygon", { points: points([[0, 1], [1, -0.8], [-1, -0.8]]), ...paint });
      case "square":
        return svgElement("rect", { x: x - r * 0.85, y: y - r * 0.85, width: r * 1.7, height: r * 1.7, ...paint });
      case "star":
        return svgElement("polygon", {
          points: points(
            Array.from({ length: 10 }, (_, i) => {
              const angle = -Math.PI / 2 + (i * Math.PI) / 5;
              const reach = i % 2 ? 0.45 : 1;
              return [Math.cos(angle) * reach, Math.sin(angle) * reach];
            }),
          ),
          ...paint,
        });
      case "hexagon":
        return svgElement("polygon", {
          points: points(Array.from({ length: 6 }, (_, i) => [Math.cos((i * Math.PI) / 3), Math.sin((i * Math.PI) / 3)])),
          ...paint,
        });
      default:
        return svgElement("circle", { cx: x, cy: y, r, ...paint });
    }
  }

  function kindSwatch(kind) {
    const svg = svgElement("svg", { width: 16, height: 16, class: "swatch", "aria-hidden": "true" });
    svg.append(shapeElement(kind.shape, 8, 8, 6.5, { fill: kind.colour, stroke: kind.colour }));
    return svg;
  }

  function edgeSwatch(type) {
    const svg = svgElement("svg", { width: 30, height: 12, class: "swatch", "aria-hidden": "true" });
    const line = svgElement("line", {
      x1: 1, y1: 6, x2: type.directed ? 23 : 29, y2: 6, stroke: type.colour, "stroke-width": 2,
    });
    if (type.dashes.length) line.setAttribute("stroke-dasharray", type.dashes.join(" "));
    svg.append(line);
    if (type.directed) svg.append(svgElement("polygon", { points: "22,2 29,6 22,10", fill: type.colour }));
    return svg;
  }

  function kindLabel(kindId) {
    return kindById.get(kindId).label;
  }

  function kindTag(kindId) {
    const tag = element("span", undefined, "kind");
    tag.append(kindSwatch(kindById.get(kindId)), document.createTextNode(kindLabel(kindId)));
    return tag;
  }

  // ---- vis nodes and edges ----

  function nodeTooltip(card) {
    const lines = [card.title, [kindLabel(card.kind), card.badge, card.category, card.catalog && `from ${card.catalog}`].filter(Boolean).join(" · ")];
    if (card.summary) lines.push(card.summary);
    return lines.join("\n");
  }

  // Every edge of the relation, each with its notes.
  function relationTooltip(relation) {
    const lines = [];
    for (const number of relation.edges) {
      const edge = data.edges[number];
      const from = cardById.get(edge.source).title;
      const to = cardById.get(edge.target).title;
      lines.push(`${from}  →  ${typeById.get(edge.type).label.toLowerCase()}  →  ${to}`);
      // Whose note is whose: the source wrote note, the target reverseNote.
      if (edge.note) lines.push(`From “${from}”: ${edge.note}`);
      if (edge.reverseNote) lines.push(`From “${to}”: ${edge.reverseNote}`);
    }
    return lines.join("\n");
  }

  function nodeColour(card) {
    const colour = cardColour(card);
    const plain = { background: colour, border: colour };
    return { ...plain, highlight: { background: colour, border: "#111827" }, hover: plain };
  }

  function visNode(card, position) {
    const node = {
      id: card.id,
      kind: card.kind,
      label: card.title,
      title: nodeTooltip(card),
      shape: kindById.get(card.kind).shape,
      size: card.size,
      color: nodeColour(card),
    };
    const at = position || card;
    if (at.x !== undefined) {
      node.x = at.x;
      node.y = at.y;
    }
    if (card.id === data.focus) node.borderWidth = 5;
    return node;
  }

  function visEdge(edge) {
    const type = typeById.get(edge.type);
    return {
      id: edge.id,
      from: edge.from,
      to: edge.to,
      type: edge.type,
      title: relationTooltip(edge),
      color: { color: type.colour, highlight: type.colour, hover: type.colour, inherit: false },
      dashes: dashesOf(type),
      arrows: { to: { enabled: type.directed, scaleFactor: 0.6 } },
    };
  }

  // ---- filters: kinds, edge types, category, key factor ----

  const shownKinds = new Set(data.kinds.map((kind) => kind.id));
  const shownTypes = new Set(data.edgeTypes.map((type) => type.id));
  const filters = { category: "", factor: "" };

  function words(text) {
    return ` ${String(text).toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ")}`;
  }

  function tokens(text) {
    return words(text).split(" ").filter(Boolean);
  }

  // Every token starts a word of the haystack (" word word ..."): "rag" finds "RAG", not "fragile".
  function startsWords(haystack, query) {
    return query.length > 0 && query.every((token) => haystack.includes(` ${token}`));
  }

  const factorWords = new Map(data.nodes.map((card) => [card.id, words((card.factors || []).join(" "))]));
  let factorQuery = [];

  function passes(card) {
    return (
      shownKinds.has(card.kind) &&
      (!filters.category || card.category === filters.category) &&
      (!factorQuery.length || startsWords(factorWords.get(card.id), factorQuery))
    );
  }

  function edgeShown(edge) {
    return shownTypes.has(edge.type) && passes(cardById.get(edge.from)) && passes(cardById.get(edge.to));
  }

  // ---- the whole map ----

  // The network draws every card and relation the filters pass: the others have vis's
  // `hidden` flag set (vis leaves out an edge whose card is hidden).
  const nodes = new vis.DataSet(data.nodes.map((card) => visNode(card)));
  const edges = new vis.DataSet(relationList.map(visEdge));
  const hiddenCards = new Set();
  const hiddenTypes = new Set();

  // What the map draws now: the cards and relations the filters pass.
  function shownCards() {
    return hiddenCards.size ? data.nodes.filter((card) => !hiddenCards.has(card.id)).map((card) => card.id) : data.nodes.map((card) => card.id);
  }

  function shownRelations() {
    return relationList.filter(edgeShown);
  }

  function networkOptions(manyNodes, labelThreshold) {
    return {
      autoResize: true,
      width: "100%",
      height: "100%",
      nodes: {
        borderWidth: 2,
        borderWidthSelected: 4,
        font: { size: 14, color: LABEL_COLOUR, strokeWidth: 3, strokeColor: "#ffffff" },
        // Labels smaller than this on screen are not drawn: readable ones only, and cheaper.
        scaling: { label: { drawThreshold: labelThreshold } },
      },
      edges: {
        width: 1.5,
        selectionWidth: 1.5,
        // Straight edges are much cheaper to draw, which matters with thousands of them.
        smooth: manyNodes ? false : { type: "continuous" },
      },
      physics: {
        enabled: false,
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -150, springLength: 160, avoidOverlap: 0.6 },
        stabilization: { iterations: 400, fit: false }, // fitted by the page, beside the panel
      },
      interaction: {
        // Selection goes through selectCard, which asks for a drawing only when it changes
        // (vis would draw the whole map again on every click, even on the selected card).
        selectable: false,
        // Hover only thickens edges a little, and would draw a big map again at every card
        // the pointer crosses; tooltips do not need it.
        hover: !manyNodes,
        tooltipDelay: 150,
        hideEdgesOnDrag: manyNodes,
        hideEdgesOnZoom: manyNodes,
        keyboard: false,
      },
      layout: { improvedLayout: !manyNodes, randomSeed: 7 },
    };
  }

  const mapContainer = document.getElementById("network");
  const network = new vis.Network(mapContainer, { nodes, edges }, networkOptions(large, LABEL_THRESHOLD));

  // Hold the whole map's drawing (while a view covers it, or while a batch of changes is
  // made), then let it draw again, once, at the next frame.
  let mainHeld = false;
  function holdMain(hold) {
    if (hold === mainHeld) return;
    mainHeld = hold;
    network.body.emitter.emit(hold ? "_blockRedraw" : "_allowRedraw");
    if (!hold) network.body.emitter.emit("_requestRedraw");
  }

  // Make a batch of changes to the map's data, then draw it once (vis would draw it twice for
  // each). Before the first drawing the changes are simply made.
  function batchMain(change) {
    const held = mainHeld;
    if (api.ready) holdMain(true);
    change();
    if (api.ready && !held) holdMain(false);
  }

  // ---- areas and semantic zoom ----

  // Zoomed out, the map draws no single edge: vis draws the edges it lists in edgeIndices,
  // so the list is emptied for the drawing and given back after it (hovering and clicking
  // still find edges). Instead, each area's region is drawn under the cards, and the
  // relations between two areas as one band, as wide as there are many.
  const areaCentres = data.areas.map((area) => ({ x: area.left + area.width / 2, y: area.top + area.height / 2 }));
  const AREA_LABEL_PX = 15;
  const EDGE_MARGIN = 80; // canvas pixels around the view where a card's lines may still show
  let stashedEdges = null;
  let stashedNodes = null;
  let allShownEdges = null;
  let edgesInView = null;
  // Zoomed out this far (a card under this many pixels across), cards are drawn as dots of
  // their kind's colour, in one pass per kind: vis draws each card's shape, border and label
  // check one by one, most of the time it takes to draw a 20,000-card map.
  const DOT_PX = 3;
  const kindCards = data.kinds.map((kind) => ({ kind, ids: data.nodes.filter((card) => card.kind === kind.id).map((card) => card.id) }));

  // The first of ``texts`` narrower than ``room`` (canvas units), else the last one shortened.
  function fitText(context, texts, room) {
    for (const text of texts) if (context.measureText(text).width <= room) return text;
    let text = texts[texts.length - 1];
    while (text.length > 1 && context.measureText(`${text}…`).width > room) text = text.slice(0, -1);
    return `${text}…`;
  }
  let areaLabelBoxes = [];

  network.on("beforeDrawing", (context) => {
    const scale = network.getScale();
    const out = scale < DETAIL_SCALE;
    context.save();
    if (out) {
      // Bundles under the regions: they show between areas, not across their cards.
      context.strokeStyle = "rgba(100, 116, 139, 0.4)";
      context.lineCap = "round";
      for (const bundle of data.bundles) {
        const [a, b] = [areaCentres[bundle.source], areaCentres[bundle.target]];
        context.lineWidth = Math.min(2 + Math.sqrt(bundle.relations), 16) / scale;
        context.beginPath();
        context.moveTo(a.x, a.y);
        context.lineTo(b.x, b.y);
        context.stroke();
      }
      stashedEdges = network.body.edgeIndices;
      network.body.edgeIndices = [];
    }
    if (out && 2 * 10 * scale < DOT_PX) {
      stashedNodes = network.body.nodeIndices;
      network.body.nodeIndices = [];
    }
    context.lineWidth = 1 / scale;
    context.fillStyle = out ? "rgba(241, 245, 249, 0.93)" : "rgba(241, 245, 249, 0.6)";
    context.strokeStyle = "#cbd5e1";
    for (const area of data.areas) {
      context.fillRect(area.left, area.top, area.width, area.height);
      context.strokeRect(area.left, area.top, area.width, area.height);
    }
    context.restore();
    if (stashedNodes !== null) drawDots(context, scale);
    if (large && !out) {
      // vis draws every edge, in view or not, and a dashed line costs the canvas its whole
      // length, drawn or not: zoomed in on a big map, a line between two areas is a million
      // pixels of dashes, and ten thousand of them took seconds. So vis is handed only the
      // lines with both cards near the view; those with one card near are drawn here, cut to
      // the view (vis has no option for either), and those with neither are left out: ten
      // thousand lines only passing through, a hatch that hid the cards in view and their
      // own lines and took most of the drawing's time (zoomed out, the regions' bundles show
      // where they go).
      const frame = network.canvas.frame.canvas;
      const low = network.DOMtoCanvas({ x: 0, y: 0 });
      const high = network.DOMtoCanvas({ x: frame.clientWidth, y: frame.clientHeight });
      const box = { left: low.x - EDGE_MARGIN, right: high.x + EDGE_MARGIN, top: low.y - EDGE_MARGIN, bottom: high.y + EDGE_MARGIN };
      const near = (point) => point.x > box.left && point.x < box.right && point.y > box.top && point.y < box.bottom;
      const bodyEdges = network.body.edges;
      // Every shown line: vis's list, unless it is still the one left after the last drawing
      // (vis makes a new one whenever what is shown changes).
      const shown = network.body.edgeIndices === edgesInView ? allShownEdges : network.body.edgeIndices;
      const drawnByVis = [];
      const cut = [];
      for (const id of shown) {
        const edge = bodyEdges[id];
        const [from, to] = [edge.from, edge.to];
        if (from === undefined || to === undefined) continue;
        const [fromNear, toNear] = [near(from), near(to)];
        if (fromNear && toNear) drawnByVis.push(id);
        else if (fromNear || toNear) cut.push(edge);
      }
      // vis leaves its edges out while the view is dragged or zoomed (hideEdgesOnDrag/Zoom).
      if (!network.renderer.dragging && !network.renderer.zooming) drawCutEdges(context, cut, box, near);
      // After the drawing vis looks for lines under the pointer (tooltips) among those drawn.
      allShownEdges = shown;
      edgesInView = drawnByVis.concat(cut.map((edge) => edge.id));
      stashedEdges = edgesInView;
      network.body.edgeIndices = drawnByVis;
    }
  });

  // The part of the line from a to b inside the box, as [x1, y1, x2, y2], or null
  // (Liang-Barsky: where the line enters and leaves each side's half-plane).
  function cutToBox(a, b, box) {
    const [dx, dy] = [b.x - a.x, b.y - a.y];
    let [enter, leave] = [0, 1];
    const sides = [[-dx, a.x - box.left], [dx, box.right - a.x], [-dy, a.y - box.top], [dy, box.bottom - a.y]];
    for (const [toward, room] of sides) {
      if (toward === 0) {
        if (room < 0) return null;
        continue;
      }
      const at = room / toward;
      if (toward < 0) enter = Math.max(enter, at);
      else leave = Math.min(leave, at);
      if (enter > leave) return null;
    }
    return [a.x + enter * dx, a.y + enter * dy, a.x + leave * dx, a.y + leave * dy];
  }

  // Lines cut to the view, in vis's own style for each (its colour, width and dashes, read
  // from the edge), one path per style; an arrow head, as vis draws it, where the target is
  // near the view.
  function drawCutEdges(context, cut, box, near) {
    const paths = new Map();
    const heads = [];
    for (const edge of cut) {
      const line = cutToBox(edge.from, edge.to, box);
      if (line === null) continue;
      const options = edge.options;
      const key = `${options.color.color} ${options.width} ${options.dashes}`;
      if (!paths.has(key)) paths.set(key, { options, lines: [] });
      paths.get(key).lines.push(line);
      if (options.arrows.to.enabled && near(edge.to)) heads.push(edge);
    }
    context.save();
    for (const { options, lines } of paths.values()) {
      context.strokeStyle = options.color.color;
      context.lineWidth = options.width;
      context.setLineDash(Array.isArray(options.dashes) ? options.dashes : options.dashes ? [5, 5] : []);
      context.beginPath();
      for (const [x1, y1, x2, y2] of lines) {
        context.moveTo(x1, y1);
        context.lineTo(x2, y2);
      }
      context.stroke();
    }
    context.setLineDash([]);
    for (const edge of heads) {
      const [from, to, options] = [edge.from, edge.to, edge.options];
      const angle = Math.atan2(to.y - from.y, to.x - from.x);
      const back = to.distanceToBorder(context, angle);
      const length = 15 * options.arrows.to.scaleFactor + 3 * options.width;
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      const [tipX, tipY] = [to.x - cos * back, to.y - sin * back];
      // vis's "arrow": the tip, then back a length and across 0.3 of it on each side.
      const point = (along, across) => [tipX + (along * cos - across * sin) * length, tipY + (along * sin + across * cos) * length];
      context.fillStyle = options.color.color;
      context.beginPath();
      context.moveTo(tipX, tipY);
      context.lineTo(...point(-1, 0.3));
      context.lineTo(...point(-0.9, 0));
      context.lineTo(...point(-1, -0.3));
      context.closePath();
      context.fill();
    }
    context.restore();
  }

  // Every shown card as a square dot at least a pixel and a half wide, over the regions.
  function drawDots(context, scale) {
    const bodyNodes = network.body.nodes;
    const least = 0.75 / scale;
    for (const { kind, ids } of kindCards) {
      context.fillStyle = kind.colour;
      for (const id of ids) {
        if (hiddenCards.has(id)) continue;
        const node = bodyNodes[id];
        const size = node.options.size;
        const half = Math.max(size, least);
        context.fillRect(node.x - half, node.y - half, 2 * half, 2 * half);
        // Where vis looks for the card under the pointer, as its own drawing would set it.
        const shape = node.shape;
        if (shape.width === undefined) shape.width = shape.height = 2 * size;
        shape.left = node.x - shape.width / 2;
        shape.top = node.y - shape.height / 2;
      }
    }
  }

  network.on("afterDrawing", (context) => {
    if (stashedEdges !== null) {
      network.body.edgeIndices = stashedEdges;
      stashedEdges = null;
    }
    if (stashedNodes !== null) {
      network.body.nodeIndices = stashedNodes;
      stashedNodes = null;
    }
    // Each area's name and size, at one size on screen, just above its region, as wide as
    // the region and the gap after it allow (the count goes first, then the name shortens).
    const scale = network.getScale();
    context.save();
    context.font = `600 ${AREA_LABEL_PX / scale}px system-ui, sans-serif`;
    context.textBaseline = "bottom";
    context.lineJoin = "round";
    context.lineWidth = 4 / scale;
    context.strokeStyle = "#ffffff";
    context.fillStyle = "#334155";
    areaLabelBoxes = [];
    for (const area of data.areas) {
      const room = (area.width + data.areaGap * 0.8) * scale;
      const text = fitText(context, [`${area.name} (${area.cards.toLocaleString("en")})`, area.name], room / scale);
      const x = area.left;
      const y = area.top - 3 / scale;
      context.strokeText(text, x, y);
      context.fillText(text, x, y);
      const corner = network.canvasToDOM({ x, y });
      const width = context.measureText(text).width * scale;
      areaLabelBoxes.push({ text, left: corner.x, top: corner.y - AREA_LABEL_PX * 1.2, width, height: AREA_LABEL_PX * 1.2 });
    }
    context.restore();
    placeRing(network);
  });

  // Whether ``id`` is drawn on ``net`` now (the map keeps filtered cards, hidden).
  function drawnOn(net, id) {
    return net === viewNetwork ? viewNodes.get(id) !== null : cardById.has(id) && !hiddenCards.has(id);
  }

  // ---- the view network: focus mode and the chain view ----

  const viewContainer = document.getElementById("view-network");
  const viewNodes = new vis.DataSet();
  const viewEdges = new vis.DataSet();
  // Labels in views are sized and placed by placeViewLabels, never left out by vis.
  const viewNetwork = new vis.Network(viewContainer, { nodes: viewNodes, edges: viewEdges }, networkOptions(false, 1));
  viewNetwork.on("afterDrawing", () => placeRing(viewNetwork));
  // What the view shows: null, or { mode: "focus" | "chain" | "overview", id, depth }.
  let view = null;

  function active() {
    return view ? viewNetwork : network;
  }

  // ---- ready: every node drawn once, the layout still ----

  const api = {
    nodes,
    edges,
    mainNetwork: network,
    viewNetwork,
    ready: false,
    moving: false,
    get network() {
      return active();
    },
  };
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

  // Whether the view or the layout still moves, for whoever waits on it (the tests): a
  // centring animation, or Physics until its forces settle and the view is fitted again.
  let animating = false;
  let settling = false;
  function updateMoving() {
    api.moving = animating || settling;
  }

  // Physics lets the cards move from where Python laid them: vis runs the forces unseen for
  // a fixed number of steps (the status line counts them), then stops them and the shown
  // cards are fitted in view. Left running, a few cards of a big map jiggle for a minute
  // after the layout has settled. Dragging a card lets the forces run again, live, and the
  // cards are fitted whenever they settle, so none drifts off screen.
  const physicsToggle = document.getElementById("physics");
  physicsToggle.addEventListener("change", () => {
    hideTooltips();
    settling = physicsToggle.checked;
    updateMoving();
    network.setOptions({ physics: { enabled: physicsToggle.checked } });
    if (physicsToggle.checked) network.stabilize();
  });
  network.on("stabilizationProgress", ({ iterations, total }) => {
    setStatus(`Physics: laying the cards out, ${Math.round((100 * iterations) / total)}%`);
  });
  network.on("stabilizationIterationsDone", () => {
    setStatus("");
    network.stopSimulation(); // and vis says "stabilized"
  });
  network.on("startStabilizing", () => {
    settling = physicsToggle.checked;
    updateMoving();
  });
  // vis may say it twice (once for stopping, once for the steps done): fitted once.
  network.on("stabilized", () => {
    if (!settling) return;
    settling = false;
    if (physicsToggle.checked && !view) fitVisible(network, shownCards());
    updateMoving();
  });

  network.once("afterDrawing", markReady);

  // ---- where things sit on screen ----

  const stage = document.getElementById("stage");
  const panel = document.getElementById("panel");

  // The part of the stage the panel leaves uncovered, in stage pixels.
  function visibleSpan() {
    const width = stage.clientWidth;
    if (panel.hidden) return { left: 0, right: width };
    const covered = panel.offsetWidth;
    return panel.dataset.side === "left" ? { left: covered, right: width } : { left: 0, right: width - covered };
  }

  function centreOffset() {
    const span = visibleSpan();
    return (span.left + span.right) / 2 - stage.clientWidth / 2;
  }

  function moveTo(net, position, scale, animate = true) {
    hideTooltips();
    const animation = !animate || big || view ? false : { duration: 300, easingFunction: "easeInOutQuad" };
    if (animation) {
      animating = true;
      updateMoving();
      net.once("animationFinished", () => {
        animating = false;
        updateMoving();
      });
    }
    net.moveTo({ position, scale, offset: { x: centreOffset(), y: 0 }, animation });
  }

  function centreOn(id) {
    const net = active();
    if (!drawnOn(net, id)) return; // filtered out
    const position = net.getPositions([id])[id];
    moveTo(net, position, Math.max(net.getScale(), FOCUS_SCALE));
  }

  // Fit a box of the canvas into the part of the stage the panel leaves free, with
  // ``sides`` screen pixels to spare left and right (for the outer cards' labels).
  function fitBox(net, box, animate = true, sides = 40) {
    const span = visibleSpan();
    const width = Math.max(span.right - span.left - 2 * sides, 100);
    const height = Math.max(stage.clientHeight - 140, 100);
    const scale = Math.min(1.4, width / Math.max(box.maxX - box.minX, 1), height / Math.max(box.maxY - box.minY, 1));
    moveTo(net, { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 + 20 / scale }, scale, animate);
  }

  // Fit the drawn cards ``ids`` in view; a view keeps room beside them for half a label.
  function fitVisible(net, ids, animate = true) {
    const positions = Object.values(net.getPositions(ids));
    if (!positions.length) return;
    let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of positions) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
    const sides = net === viewNetwork ? VIEW_LABEL_PX * VIEW_LABEL_CHARS * 0.3 : 40;
    fitBox(net, { minX: minX - 40, maxX: maxX + 40, minY: minY - 30, maxY: maxY + 30 }, animate, sides);
  }

  // The whole map: every area's region.
  function fitAreas(areas, animate = true) {
    if (!areas.length) return;
    fitBox(network, {
      minX: Math.min(...areas.map((a) => a.left)),
      maxX: Math.max(...areas.map((a) => a.left + a.width)),
      minY: Math.min(...areas.map((a) => a.top)),
      maxY: Math.max(...areas.map((a) => a.top + a.height)),
    }, animate);
  }

  // ---- the selected card's ring and the tooltips ----

  // The selected card is marked by a ring laid over the canvas, moved after each drawing:
  // selecting a card draws nothing, however big the map.
  const rings = new Map(
    [network, viewNetwork].map((net) => {
      const ring = element("div", undefined, "selection-ring");
      ring.hidden = true;
      net.body.container.append(ring);
      return [net, ring];
    }),
  );

  function placeRing(net) {
    const ring = rings.get(net);
    const position = selectedId !== null && drawnOn(net, selectedId) ? net.getPositions([selectedId])[selectedId] : undefined;
    if (!position) {
      ring.hidden = true;
      return;
    }
    const centre = net.canvasToDOM(position);
    const radius = (cardById.get(selectedId).size + 5) * net.getScale() + 4;
    Object.assign(ring.style, {
      left: `${centre.x - radius}px`,
      top: `${centre.y - radius}px`,
      width: `${2 * radius}px`,
      height: `${2 * radius}px`,
    });
    ring.hidden = false;
  }

  // vis keeps a tooltip up until the pointer moves off what it names; any change of view
  // takes it down, so none is left over the panel or another view.
  function hideTooltips() {
    for (const net of [network, viewNetwork]) {
      const handler = net.interactionHandler;
      if (handler.popup !== undefined) handler.popup.hide();
      handler.popupObj = undefined;
      clearTimeout(handler.popupTimer);
    }
  }
  for (const net of [network, viewNetwork]) {
    for (const change of ["zoom", "dragStart", "click"]) net.on(change, hideTooltips);
  }

  // ---- the card panel ----

  const cardView = document.getElementById("card");
  const statusLine = document.getElementById("status");
  let selectedId = null;
  let pathFrom = null; // a card picked as a path's start, waiting for its end
  let path = null; // { ids, edges } of the path drawn now

  function setStatus(text) {
    statusLine.textContent = text;
  }

  function renderFacet(facet, level) {
    if (facet.text !== undefined || facet.items !== undefined) {
      const section = element("section", undefined, "facet");
      section.append(element(`h${Math.min(level, 6)}`, facet.label));
      if (facet.text !== undefined) section.append(element("p", facet.text));
      else {
        const list = element("ul");
        for (const item of facet.items) list.append(element("li", item));
        section.append(list);
      }
      return section;
    }
    const details = element("details", undefined, "facet");
    details.open = level > 3;
    details.append(element("summary", facet.label));
    for (const inner of facet.facets) details.append(renderFacet(inner, level + 1));
    return details;
  }

  // A top-level facet: collapsible, closed but for the first few, so links stay near the top.
  function renderTopFacet(facet, index) {
    const details = element("details", undefined, "facet");
    details.open = index < 3;
    details.append(element("summary", facet.label));
    if (facet.text !== undefined) details.append(element("p", facet.text));
    else if (facet.items !== undefined) {
      const list = element("ul");
      for (const item of facet.items) list.append(element("li", item));
      details.append(list);
    } else {
      for (const inner of facet.facets) details.append(renderFacet(inner, 4));
    }
    return details;
  }

  function note(label, text) {
    const paragraph = element("p", undefined, "note");
    paragraph.append(element("b", `${label}: `), document.createTextNode(text));
    return paragraph;
  }

  function cardLink(id, title) {
    const link = element("a", title);
    link.href = `#${encodeURIComponent(id)}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      selectCard(id);
    });
    return link;
  }

  // Related cards by kind, one entry per relation: how this card reads each of its edges,
  // and both sides' notes.
  function renderLinks(id, details) {
    const sections = [];
    if (!details.links.length) return sections;
    const heading = element("h3", "Links");
    sections.push(heading);
    for (const group of details.links) {
      const kind = kindById.get(group.kind);
      const title = element("h4", undefined, "link-kind");
      title.append(kindSwatch(kind), document.createTextNode(`${kind.plural} (${group.entries.length})`));
      const list = element("ul", undefined, "links");
      for (const entry of group.entries) {
        const other = cardById.get(entry.other);
        const item = element("li");
        const readings = entry.sides.map((side) => {
          const type = typeById.get(data.edges[side.edge].type);
          return side.readsForward ? type.outgoing : type.incoming;
        });
        item.append(cardLink(other.id, other.title), element("span", readings.join(" · "), "reading"));
        const compared = entry.sides.some((side) => data.edges[side.edge].type === data.compared);
        if (compared) item.append(button("Compare", () => openComparison(id, other.id), "small"));
        for (const side of entry.sides) {
          const edge = data.edges[side.edge];
          const own = side.fromHere ? edge.note : edge.reverseNote;
          const theirs = side.fromHere ? edge.reverseNote : edge.note;
          if (own) item.append(note(edge.type === data.compared ? "The difference" : "Note", own));
          if (theirs) item.append(note(`From “${other.title}”`, theirs));
        }
        list.append(item);
      }
      sections.push(title, list);
    }
    return sections;
  }

  function renderOffMap(details) {
    const sections = [];
    if (!details.offMap || !details.offMap.length) return sections;
    const box = element("details", undefined, "facet");
    box.append(element("summary", "Also linked (not on this map)"));
    for (const group of details.offMap) {
      box.append(element("h4", group.label));
      const list = element("ul");
      for (const entry of group.entries) {
        const item = element("li", entry.text);
        if (entry.note) item.append(note("Note", entry.note));
        list.append(item);
      }
      box.append(list);
    }
    sections.push(box);
    return sections;
  }

  function renderPath() {
    if (!path) return [];
    const box = element("section", undefined, "path");
    box.append(element("h3", `Path: ${path.edges.length} hop${path.edges.length === 1 ? "" : "s"}`));
    const list = element("ol");
    path.edges.forEach((edge, index) => {
      const here = path.ids[index];
      const there = path.ids[index + 1];
      const type = typeById.get(edge.type);
      const item = element("li");
      item.append(
        cardLink(here, cardById.get(here).title),
        element("span", ` ${edge.from === here || !type.directed ? type.outgoing : type.incoming} `, "reading"),
        cardLink(there, cardById.get(there).title),
      );
      list.append(item);
    });
    box.append(list, button("Clear the path", () => {
      clearPath();
      writeHash(true);
    }, "small"));
    return [box];
  }

  function actions(card) {
    const bar = element("div", undefined, "actions");
    bar.append(
      button(view && view.mode === "focus" && view.id === card.id ? "Leave focus" : "Focus (f)", () => toggleFocus(card.id)),
    );
    if (card.kind === data.chain[0]) bar.append(button("Decision chain", () => enterView("chain", card.id)));
    bar.append(
      button(pathFrom === card.id ? "Pick the path's end…" : "Path from here", () => {
        pathFrom = card.id;
        setStatus(`Path from “${card.title}”: pick a second card.`);
        showCard(card.id);
      }),
    );
    return bar;
  }

  function showCard(id) {
    const card = cardById.get(id);
    const details = data.details[id];
    const meta = element("p", undefined, "meta");
    meta.append(kindTag(card.kind), element("code", card.id));
    if (card.badge) meta.append(element("span", card.badge, "badge"));
    if (card.catalog) meta.append(element("span", `from ${card.catalog}`, "from"));
    if (card.category) meta.append(element("span", card.category, "category"));
    const parts = [element("h2", card.title), meta];
    if (data.cardPages) {
      const page = element("a", "The card's own page", "card-page");
      page.href = `${data.cardPages[card.kind]}${encodeURIComponent(card.id)}/index.html`;
      parts.push(page);
    }
    if (!passes(card)) parts.push(element("p", "Hidden on the map by the filters.", "notice"));
    if (card.summary) parts.push(element("p", card.summary, "summary"));
    parts.push(actions(card), ...renderPath(), ...renderLinks(id, details));
    if (details.facets.length) parts.push(element("h3", "The card"));
    parts.push(...details.facets.map(renderTopFacet), ...renderOffMap(details));
    cardView.replaceChildren(...parts);
    panel.scrollTop = 0;
  }

  // The panel covers the side of the stage away from where the pointer is, so a card never
  // disappears under it between the two clicks of a double-click.
  function openPanel(pointerX) {
    if (panel.hidden) {
      const middle = stage.getBoundingClientRect().left + stage.clientWidth / 2;
      panel.dataset.side = pointerX !== undefined && pointerX > middle ? "left" : "right";
    }
    panel.hidden = false;
  }

  function closePanel() {
    panel.hidden = true;
    selectedId = null;
    pathFrom = null;
    placeRing(active());
    writeHash();
  }

  document.getElementById("close-panel").addEventListener("click", closePanel);

  /** Open a card: its panel, its node selected, the address naming it. */
  function selectCard(id, { centre = true, pointerX } = {}) {
    if (!cardById.has(id)) {
      setStatus(`No card “${id}” on this map.`);
      return;
    }
    if (pathFrom && pathFrom !== id) {
      const from = pathFrom;
      pathFrom = null;
      showPath(from, id);
      return;
    }
    if (view && !viewNodes.get(id)) {
      if (view.mode === "focus") enterView("focus", id, view.depth);
      else leaveView();
    }
    if (!pathFrom) setStatus("");
    hideTooltips();
    selectedId = id;
    showCard(id);
    openPanel(pointerX);
    writeHash();
    whenReady(() => {
      placeRing(active());
      if (centre) centreOn(id);
    });
  }

  // ---- focus mode and the chain view ----

  const viewbar = document.getElementById("viewbar");
  const viewTitle = document.getElementById("view-title");
  const depthControl = document.getElementById("depth-control");
  const depthSelect = document.getElementById("depth");

  // Cards within ``depth`` hops along shown edges, breadth-first: [id, parent, depth] each.
  function neighbourhood(id, depth) {
    const found = new Map([[id, [id, null, 0]]]);
    let frontier = [id];
    for (let level = 1; level <= depth && found.size < VIEW_LIMIT; level++) {
      const next = [];
      for (const here of frontier) {
        for (const edge of edgesAt.get(here)) {
          if (!edgeShown(edge)) continue;
          const there = otherEnd(edge, here);
          if (found.has(there)) continue;
          found.set(there, [there, here, level]);
          next.push(there);
          if (found.size >= VIEW_LIMIT) break;
        }
        if (found.size >= VIEW_LIMIT) break;
      }
      frontier = next;
    }
    return [...found.values()];
  }

  // Rings around the card: each ring's cards ordered by their parent's angle, evenly spaced,
  // alternating between two radii when a ring is crowded.
  function radialLayout(entries) {
    const positions = new Map([[entries[0][0], { x: 0, y: 0, angle: 0 }]]);
    const levels = [];
    for (const entry of entries.slice(1)) (levels[entry[2]] = levels[entry[2]] || []).push(entry);
    let radius = 0;
    for (const ring of levels.filter(Boolean)) {
      const wanted = (ring.length * RING_GAP) / (2 * Math.PI);
      const staggered = wanted > radius + RING * 1.5;
      radius = Math.max(radius + RING, staggered ? wanted / 2 : wanted);
      ring.sort((a, b) => positions.get(a[1]).angle - positions.get(b[1]).angle || (a[0] < b[0] ? -1 : 1));
      ring.forEach(([id], index) => {
        const angle = (2 * Math.PI * index) / ring.length - Math.PI / 2;
        const r = radius + (staggered && index % 2 ? RING * 0.45 : 0);
        positions.set(id, { x: r * Math.cos(angle), y: r * Math.sin(angle), angle });
      });
      if (staggered) radius += RING * 0.45;
    }
    return positions;
  }

  // Layers left to right: the decision, then each chain kind linked to a card already drawn.
  function chainLayout(id) {
    const layers = [[id]];
    const placed = new Map([[id, { x: 0, y: 0 }]]);
    for (const kind of data.chain.slice(1)) {
      const layer = [];
      const pull = new Map();
      for (const [from, position] of placed) {
        for (const edge of edgesAt.get(from)) {
          const there = otherEnd(edge, from);
          const card = cardById.get(there);
          if (card.kind !== kind || placed.has(there) || !edgeShown(edge)) continue;
          if (!pull.has(there)) {
            pull.set(there, []);
            layer.push(there);
          }
          pull.get(there).push(position.y);
        }
      }
      // Each card level with the cards pulling it in (their mean height), then spaced out.
      const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;
      layer.sort((a, b) => mean(pull.get(a)) - mean(pull.get(b)) || (a < b ? -1 : 1));
      layer.forEach((there, index) => {
        placed.set(there, { x: layers.length * COLUMN, y: (index - (layer.length - 1) / 2) * ROW });
      });
      layers.push(layer);
      if (placed.size >= VIEW_LIMIT) break;
    }
    return placed;
  }

  function enterView(mode, id, depth = view ? view.depth : 1) {
    if (!cardById.has(id)) return;
    depth = Math.min(3, Math.max(1, Number(depth) || 1));
    const positions =
      mode === "chain" ? chainLayout(id) : radialLayout(neighbourhood(id, depth));
    const ids = new Set(positions.keys());
    const shownEdges = [];
    for (const shown of ids) {
      for (const edge of edgesAt.get(shown)) {
        if (edge.from === shown && ids.has(edge.to) && edgeShown(edge)) shownEdges.push(visEdge(edge));
      }
    }
    hideTooltips();
    viewNodes.clear();
    viewEdges.clear();
    viewNodes.add([...ids].map((shown) => {
      const node = visNode(cardById.get(shown), positions.get(shown));
      if (shown === id) node.borderWidth = 5;
      return node;
    }));
    viewEdges.add(shownEdges);
    const changed = !view || view.mode !== mode || view.id !== id || view.depth !== depth;
    view = { mode, id, depth };
    // The view covers the whole map: drawing it meanwhile would only cost time.
    whenReady(() => holdMain(view !== null));
    clearPath();
    viewContainer.hidden = false;
    viewbar.hidden = false;
    depthControl.hidden = mode !== "focus";
    depthSelect.value = String(depth);
    const card = cardById.get(id);
    viewTitle.textContent =
      mode === "focus"
        ? `Focus: ${card.title} · ${ids.size.toLocaleString("en")} cards`
        : `Decision chain: ${card.title} · ${ids.size.toLocaleString("en")} cards`;
    if (ids.size >= VIEW_LIMIT) setStatus(`Showing the nearest ${VIEW_LIMIT.toLocaleString("en")} cards only.`);
    viewNetwork.setSize("100%", "100%");
    fitVisible(viewNetwork, [...ids], false);
    placeViewLabels([...ids]); // in the layout's order: the card first, then outwards
    if (selectedId !== null) showCard(selectedId);
    updateStats();
    writeHash(changed);
  }

  // Labels in a view are all the same size on screen, never under VIEW_LABEL_PX, shortened
  // to VIEW_LABEL_CHARS characters, and drawn only where they overlap no label placed before
  // (``order`` goes from the most to the least important card): a card without a label
  // still names itself in its tooltip and in the panel's lists.
  const measure = document.createElement("canvas").getContext("2d");

  function shortLabel(title) {
    return title.length > VIEW_LABEL_CHARS ? `${title.slice(0, VIEW_LABEL_CHARS - 1).trimEnd()}…` : title;
  }

  function placeViewLabels(order) {
    const scale = viewNetwork.getScale();
    const size = VIEW_LABEL_PX / scale;
    measure.font = `${VIEW_LABEL_PX}px arial`;
    const positions = viewNetwork.getPositions(order);
    const placed = [];
    const updates = [];
    for (const id of order) {
      const card = cardById.get(id);
      const text = shortLabel(card.title);
      const width = measure.measureText(text).width + 8; // and the label's white outline
      const centre = viewNetwork.canvasToDOM(positions[id]);
      const top = centre.y + card.size * scale;
      const box = { left: centre.x - width / 2, right: centre.x + width / 2, top, bottom: top + VIEW_LABEL_PX * 1.4 };
      const free = placed.every(
        (other) => other.right < box.left || box.right < other.left || other.bottom < box.top || box.bottom < other.top,
      );
      if (free) placed.push(box);
      updates.push({ id, label: free ? text : "", font: { size } });
    }
    viewNodes.update(updates);
  }

  function leaveView() {
    if (!view) return;
    view = null;
    viewContainer.hidden = true;
    viewbar.hidden = true;
    viewNodes.clear();
    viewEdges.clear();
    hideTooltips();
    if (selectedId !== null) showCard(selectedId);
    holdMain(false);
    updateStats();
    writeHash(true);
  }

  // ---- the areas' overview: an area per node, sized by its cards, and the relations
  // between two areas counted on the line between them; a click enters the area ----

  const AREA_PREFIX = "area:";

  function enterOverview() {
    hideTooltips();
    clearPath();
    viewNodes.clear();
    viewEdges.clear();
    const most = Math.max(1, ...data.areas.map((area) => area.cards));
    viewNodes.add(data.areas.map((area, index) => ({
      id: `${AREA_PREFIX}${index}`,
      label: `${area.name}\n${plural(area.cards, "card")}`,
      title: `${area.name}: ${plural(area.cards, "card")}. Click to see them on the map.`,
      shape: "dot",
      size: 60 + 200 * Math.sqrt(area.cards / most),
      x: areaCentres[index].x,
      y: areaCentres[index].y,
      color: { background: "#cbd5e1", border: "#56657a", highlight: { background: "#cbd5e1", border: "#111827" } },
    })));
    viewEdges.add(data.bundles.map((bundle, index) => ({
      id: `bundle:${index}`,
      from: `${AREA_PREFIX}${bundle.source}`,
      to: `${AREA_PREFIX}${bundle.target}`,
      label: String(bundle.relations),
      title: `${plural(bundle.relations, "relation")} between ${data.areas[bundle.source].name} and ${data.areas[bundle.target].name}`,
      width: 1 + Math.sqrt(bundle.relations),
      color: { color: "#8a98ab", highlight: "#56657a", inherit: false },
    })));
    const changed = !view || view.mode !== "overview";
    view = { mode: "overview", id: "areas", depth: 1 };
    whenReady(() => holdMain(true));
    viewContainer.hidden = false;
    viewbar.hidden = false;
    depthControl.hidden = true;
    viewTitle.textContent = `Areas: ${plural(data.areas.length, "area")} · the number on a line counts the relations between two areas`;
    viewNetwork.setSize("100%", "100%");
    fitVisible(viewNetwork, viewNodes.getIds(), false);
    // Names and counts at one readable size on screen, whatever the scale.
    const size = 13 / viewNetwork.getScale();
    viewNodes.update(viewNodes.getIds().map((id) => ({ id, font: { size } })));
    viewEdges.update(viewEdges.getIds().map((id) => ({ id, font: { size, strokeWidth: 4 / viewNetwork.getScale() } })));
    updateStats();
    writeHash(changed);
  }

  // The map, zoomed to the area's region.
  function enterArea(index) {
    const area = data.areas[index];
    leaveView();
    fitBox(network, { minX: area.left, maxX: area.left + area.width, minY: area.top, maxY: area.top + area.height }, false);
    setStatus(`${area.name}: ${plural(area.cards, "card")}.`);
    mapContainer.focus({ preventScroll: true });
  }

  document.getElementById("show-areas").addEventListener("click", () => {
    if (view && view.mode === "overview") leaveView();
    else enterOverview();
  });

  function toggleFocus(id) {
    if (view && view.mode === "focus" && view.id === id) leaveView();
    else enterView("focus", id);
    if (selectedId !== id) selectCard(id, { centre: false });
  }

  document.getElementById("leave-view").addEventListener("click", leaveView);
  depthSelect.addEventListener("change", () => {
    if (view) enterView(view.mode, view.id, depthSelect.value);
  });

  // ---- the path between two cards ----

  function shortestPath(from, to) {
    const previous = new Map([[from, null]]);
    let frontier = [from];
    while (frontier.length && !previous.has(to)) {
      const next = [];
      for (const here of frontier) {
        for (const edge of edgesAt.get(here)) {
          const there = otherEnd(edge, here);
          if (previous.has(there) || !edgeShown(edge)) continue;
          previous.set(there, edge);
          next.push(there);
        }
      }
      frontier = next;
    }
    if (!previous.has(to)) return null;
    const ids = [to];
    const hops = [];
    while (ids[0] !== from) {
      const edge = previous.get(ids[0]);
      hops.unshift(edge);
      ids.unshift(otherEnd(edge, ids[0]));
    }
    return { ids, edges: hops };
  }

  function clearPath() {
    if (!path) return;
    const old = path;
    batchMain(() => {
      network.unselectAll();
      nodes.update(old.ids.map((id) => ({ id, borderWidth: id === data.focus ? 5 : 2 })));
      edges.update(old.edges.map((edge) => ({ id: edge.id, width: 1.5 })));
    });
    path = null;
    if (selectedId !== null) showCard(selectedId);
  }

  function showPath(from, to) {
    leaveView();
    clearPath();
    const found = shortestPath(from, to);
    selectedId = to;
    if (!found) {
      setStatus(`No path from “${cardById.get(from).title}” to “${cardById.get(to).title}” along the shown edges.`);
      showCard(to);
      openPanel();
      writeHash();
      return;
    }
    path = found;
    hideTooltips();
    setStatus("");
    batchMain(() => {
      nodes.update(found.ids.map((id) => ({ id, borderWidth: 6 })));
      edges.update(found.edges.map((edge) => ({ id: edge.id, width: 6 })));
    });
    showCard(to);
    openPanel();
    writeHash(true);
    whenReady(() => {
      network.setSelection({ nodes: found.ids, edges: found.edges.map((edge) => edge.id) }, { highlightEdges: false });
      fitVisible(network, found.ids);
    });
  }

  // ---- the side-by-side comparison of two cards easily confused ----

  const compareBox = document.getElementById("compare");
  const compareBody = document.getElementById("compare-body");

  // A cell of a comparison row (map/data.py): null where the card has no such facet, else
  // where its text is: a field of the node (["summary"]) or indices into details.facets.
  function cellText(id, where) {
    if (!where) return "–";
    if (typeof where[0] === "string") return cardById.get(id)[where[0]];
    let facet = { facets: data.details[id].facets };
    for (const index of where) facet = facet.facets[index];
    return facet.text !== undefined ? facet.text : facet.items.map((item) => `• ${item}`).join("\n");
  }

  function openComparison(left, right) {
    const [a, b] = [cardById.get(left), cardById.get(right)];
    const relation = edgesAt.get(left).find((edge) => otherEnd(edge, left) === right);
    const between = relation ? relation.edges.map((number) => ({ ...data.edges[number], id: number })) : [];
    const parts = [element("h2", `${a.title}  vs  ${b.title}`)];
    const differ = [];
    for (const edge of between) {
      if (edge.type !== data.compared) continue;
      if (edge.note) differ.push([edge.source, edge.note]);
      if (edge.reverseNote) differ.push([edge.target, edge.reverseNote]);
    }
    if (differ.length) {
      parts.push(element("h3", "How they differ"));
      const list = element("ul", undefined, "distinctions");
      for (const [writer, text] of differ) list.append(note(`From “${cardById.get(writer).title}”`, text));
      parts.push(list);
    }
    if (between.length) {
      parts.push(element("p", `Linked: ${between.map((e) => `${e.source} -${e.type}-> ${e.target}`).join(", ")}`, "linked"));
    }
    const table = element("table");
    const head = element("tr");
    head.append(element("th", ""), element("th", a.title), element("th", b.title));
    table.append(head);
    // The rows are aligned in Python (formats/facets.py, as `compare` prints them), source first.
    const pair = between.find((edge) => edge.type === data.compared);
    const rows = (pair && data.comparisons.pairs[pair.id]) || [];
    const swap = pair !== undefined && pair.source !== left;
    for (const { label, source, target } of rows) {
      const row = element("tr");
      const [mine, theirs] = swap ? [target, source] : [source, target];
      row.append(
        element("th", data.comparisons.labels[label]),
        element("td", cellText(left, mine)),
        element("td", cellText(right, theirs)),
      );
      table.append(row);
    }
    parts.push(table);
    compareBody.replaceChildren(...parts);
    compareBox.hidden = false;
    compareBox.dataset.pair = `${left} ${right}`;
    document.getElementById("close-compare").focus();
  }

  function closeComparison() {
    compareBox.hidden = true;
  }

  document.getElementById("close-compare").addEventListener("click", closeComparison);

  // ---- clicks on either network ----

  function pointerX(event) {
    return stage.getBoundingClientRect().left + event.pointer.DOM.x;
  }

  // The card under the pointer (with selection left to us, vis reports the selection instead).
  function cardAt(net, event) {
    const id = net.getNodeAt(event.pointer.DOM);
    return id === undefined ? null : id;
  }

  // The card the latest click landed on (null: none), as vis found it under the pointer.
  let clicked = null;

  for (const net of [network, viewNetwork]) {
    net.on("click", (event) => {
      const id = cardAt(net, event);
      clicked = id;
      if (id === null) return;
      if (view && view.mode === "overview") enterArea(Number(id.slice(AREA_PREFIX.length)));
      else selectCard(id, { centre: false, pointerX: pointerX(event) });
    });
  }

  // A double-click is the browser's own event, not vis's: the browser tells it from two
  // clicks by when they happened, where vis times them as the page gets round to them, so a
  // busy page would miss a person's double-click. It acts on the card its second click
  // landed on (the event's whole-pixel position can miss a card drawn a pixel wide).
  for (const container of [mapContainer, viewContainer]) {
    container.addEventListener("dblclick", (event) => {
      if (view && view.mode === "overview") return; // the first click entered the area
      const found = clicked;
      if (found !== null) {
        if (selectedId !== found) selectCard(found, { centre: false, pointerX: event.clientX });
        enterView("focus", found);
      } else {
        leaveView();
      }
    });
  }

  // ---- the address: selected card, view, filters ----

  // The address names the view; a new view (a focus, a chain, the overview, a path) is a new
  // entry in the history, so Back steps back through views; the rest replaces the entry.
  function writeHash(push = false) {
    const params = new URLSearchParams();
    if (selectedId) params.set("card", selectedId);
    if (view) {
      params.set(view.mode, view.id);
      if (view.mode === "focus") params.set("depth", String(view.depth));
    }
    if (path) params.set("path", `${path.ids[0]},${path.ids[path.ids.length - 1]}`);
    const hiddenKinds = data.kinds.filter((kind) => !shownKinds.has(kind.id)).map((kind) => kind.id);
    const hiddenTypes = data.edgeTypes.filter((type) => !shownTypes.has(type.id)).map((type) => type.id);
    if (hiddenKinds.length) params.set("hide", hiddenKinds.join(","));
    if (hiddenTypes.length) params.set("hideEdges", hiddenTypes.join(","));
    if (filters.category) params.set("category", filters.category);
    if (filters.factor) params.set("factor", filters.factor);
    const keys = [...params.keys()];
    const hash =
      keys.length === 0 ? "" : keys.length === 1 && selectedId ? `#${encodeURIComponent(selectedId)}` : `#${params}`;
    shownHash = hash;
    if (location.hash === hash) return;
    const address = location.pathname + location.search + hash;
    if (push && api.ready) history.pushState(null, "", address);
    else history.replaceState(null, "", address);
  }

  function readHash() {
    const raw = location.hash.slice(1);
    if (!raw.includes("=")) {
      let id = raw;
      try {
        id = decodeURIComponent(raw);
      } catch (error) {
        // a malformed escape: keep the text as it is
      }
      return new URLSearchParams(id ? { card: id } : {});
    }
    return new URLSearchParams(raw);
  }

  function applyHash() {
    const params = readHash();
    const hidden = new Set((params.get("hide") || "").split(",").filter(Boolean));
    const hiddenEdges = new Set((params.get("hideEdges") || "").split(",").filter(Boolean));
    setFilters({
      kinds: data.kinds.map((kind) => kind.id).filter((id) => !hidden.has(id)),
      types: data.edgeTypes.map((type) => type.id).filter((id) => !hiddenEdges.has(id)),
      category: params.get("category") || "",
      factor: params.get("factor") || "",
    });
    const card = params.get("card");
    const focus = params.get("focus");
    const chain = params.get("chain");
    const [pathStart, pathEnd] = (params.get("path") || "").split(",");
    if (focus && cardById.has(focus)) enterView("focus", focus, params.get("depth"));
    else if (chain && cardById.has(chain)) enterView("chain", chain);
    else if (params.has("overview")) enterOverview();
    else leaveView();
    if (!view && cardById.has(pathStart) && cardById.has(pathEnd)) {
      if (!path || path.ids[0] !== pathStart || path.ids[path.ids.length - 1] !== pathEnd) showPath(pathStart, pathEnd);
      return;
    }
    if (path) clearPath();
    if (card) selectCard(card, { centre: !view });
    else if (selectedId) closePanel();
  }

  // Back and Forward (and an address typed or pasted) show the view the address names; a
  // step back fires both events, and the view is shown once.
  let shownHash = null;
  function followAddress() {
    if (location.hash === shownHash) return;
    shownHash = location.hash;
    applyHash();
  }
  window.addEventListener("popstate", followAddress);
  window.addEventListener("hashchange", followAddress);

  // ---- stats, legend and filters ----

  const statsLine = document.getElementById("stats");

  function plural(count, word) {
    return `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;
  }

  // Lines on the map are relations (every edge between two cards); the edges are counted too.
  function updateStats() {
    if (view && view.mode === "overview") {
      statsLine.textContent = `${plural(data.areas.length, "area")} · ${plural(data.nodes.length, "card")} · ` +
        `${plural(data.relations.length, "relation")}`;
      return;
    }
    if (view) {
      statsLine.textContent = `${view.mode === "focus" ? "Focus" : "Chain"}: ${plural(viewNodes.length, "card")} · ` +
        `${plural(viewEdges.length, "relation")} of ${plural(data.nodes.length, "card")}`;
      return;
    }
    const cards = data.nodes.length - hiddenCards.size;
    const links = hiddenCards.size || hiddenTypes.size ? shownRelations().length : relationList.length;
    const all = cards === data.nodes.length && links === data.relations.length;
    statsLine.textContent = all
      ? `${plural(cards, "card")} · ${plural(links, "relation")} (${plural(data.edges.length, "edge")})`
      : `Showing ${cards.toLocaleString("en")} of ${plural(data.nodes.length, "card")} · ` +
        `${links.toLocaleString("en")} of ${plural(data.relations.length, "relation")}`;
  }

  function countBy(items, key) {
    const counts = new Map();
    for (const item of items) if (item[key]) counts.set(item[key], (counts.get(item[key]) || 0) + 1);
    return counts;
  }

  // Hide and show on the map only the cards and edges whose filtering changed, in one batch
  // drawn once; an edge whose card is hidden is left out by vis itself.
  function applyFilters() {
    const cardChanges = [];
    for (const card of data.nodes) {
      const hide = !passes(card);
      if (hide === hiddenCards.has(card.id)) continue;
      if (hide) hiddenCards.add(card.id);
      else hiddenCards.delete(card.id);
      cardChanges.push({ id: card.id, hidden: hide });
    }
    const flipped = data.edgeTypes.filter((type) => shownTypes.has(type.id) === hiddenTypes.has(type.id));
    const edgeChanges = [];
    for (const type of flipped) {
      const hide = !shownTypes.has(type.id);
      if (hide) hiddenTypes.add(type.id);
      else hiddenTypes.delete(type.id);
      for (const edge of relationList) if (edge.type === type.id) edgeChanges.push({ id: edge.id, hidden: hide });
    }
    if (!cardChanges.length && !edgeChanges.length) return;
    // The flags are set on vis's own cards and edges, and its list of what to draw made again
    // from them: through its DataSet, the same change costs about ten times as much at 20,000
    // cards (every changed item is copied, compared and set again).
    batchMain(() => {
      for (const { id, hidden } of cardChanges) network.body.nodes[id].options.hidden = hidden;
      for (const { id, hidden } of edgeChanges) network.body.edges[id].options.hidden = hidden;
      network._updateVisibleIndices();
      // What the filters leave is fitted in view, in the same drawing.
      if (cardChanges.length && !view && api.ready) {
        if (hiddenCards.size) fitVisible(network, shownCards(), false);
        else fitAreas(data.areas, false);
      }
    });
  }

  function refilter() {
    hideTooltips();
    applyFilters();
    if (view && view.mode !== "overview") enterView(view.mode, view.id, view.depth);
    if (selectedId !== null) showCard(selectedId);
    updateStats();
    writeHash();
  }

  const boxes = { kinds: new Map(), types: new Map() };

  function addFilter(fieldset, entry, swatch, count, shown, registry) {
    const label = element("label", undefined, count ? "" : "empty");
    const box = element("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = entry.id;
    box.addEventListener("change", () => {
      if (box.checked) shown.add(entry.id);
      else shown.delete(entry.id);
      refilter();
    });
    registry.set(entry.id, box);
    label.append(box, swatch, element("span", entry.label), element("span", String(count), "count"));
    fieldset.append(label);
  }

  const kindCounts = countBy(data.nodes, "kind");
  const typeCounts = countBy(data.relations, "type"); // each relation under its first edge's type
  for (const kind of data.kinds) {
    addFilter(document.getElementById("kinds"), kind, kindSwatch(kind), kindCounts.get(kind.id) || 0, shownKinds, boxes.kinds);
  }
  for (const type of data.edgeTypes) {
    addFilter(document.getElementById("edge-types"), type, edgeSwatch(type), typeCounts.get(type.id) || 0, shownTypes, boxes.types);
  }

  // The key of the records' colours: each state with how many records are in it.
  const stateCounts = countBy(data.nodes, "state");
  const stateKey = document.getElementById("record-states");
  stateKey.hidden = stateCounts.size === 0;
  for (const state of data.recordStates) {
    if (!stateCounts.has(state.id)) continue;
    const swatch = svgElement("svg", { width: 16, height: 16, class: "swatch", "aria-hidden": "true" });
    swatch.append(shapeElement(state.shape, 8, 8, 6.5, { fill: state.colour, stroke: state.colour }));
    const row = element("p", undefined, "key");
    row.append(swatch, element("span", state.label), element("span", String(stateCounts.get(state.id)), "count"));
    stateKey.append(row);
  }

  const categorySelect = document.getElementById("category");
  const categoryCounts = countBy(data.nodes, "category");
  for (const [name, count] of [...categoryCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const option = element("option", `${name} (${count})`);
    option.value = name;
    categorySelect.append(option);
  }
  categorySelect.addEventListener("change", () => {
    filters.category = categorySelect.value;
    refilter();
  });

  const factorBox = document.getElementById("factor");
  let factorTimer = null;
  function applyFactor() {
    clearTimeout(factorTimer);
    const value = factorBox.value.trim();
    if (value === filters.factor) return;
    filters.factor = value;
    factorQuery = tokens(value);
    refilter();
  }
  factorBox.addEventListener("input", () => {
    clearTimeout(factorTimer);
    factorTimer = setTimeout(applyFactor, big ? 400 : 150);
  });
  factorBox.addEventListener("change", applyFactor);

  function setFilters({ kinds, types, category, factor }) {
    const same =
      kinds.length === shownKinds.size && kinds.every((id) => shownKinds.has(id)) &&
      types.length === shownTypes.size && types.every((id) => shownTypes.has(id)) &&
      category === filters.category && factor === filters.factor;
    if (same) return;
    shownKinds.clear();
    kinds.forEach((id) => shownKinds.add(id));
    shownTypes.clear();
    types.forEach((id) => shownTypes.add(id));
    for (const [id, box] of boxes.kinds) box.checked = shownKinds.has(id);
    for (const [id, box] of boxes.types) box.checked = shownTypes.has(id);
    filters.category = categoryCounts.has(category) ? category : "";
    categorySelect.value = filters.category;
    filters.factor = factor;
    factorBox.value = factor;
    factorQuery = tokens(factor);
    applyFilters();
    updateStats();
  }
  updateStats();

  // ---- search: the cards' words, ranked as `tradeoffs search` ranks them ----

  const searchBox = document.getElementById("search");
  const suggestionList = document.getElementById("suggestions");
  let suggestions = [];
  let activeSuggestion = -1;

  // The terms `tradeoffs search` makes of what was typed (graph/store.py search_terms): each
  // word, as its words, found where a word of the card starts.
  function searchTerms(text) {
    return [...new Set(text.split(/\s+/).map(words).filter((term) => term.trim()))];
  }

  // The search index (map/data.py SearchIndex), read on the first search: each sorted
  // word's number, and for each part of a card (title, lead, body), every card's word count
  // then its words' numbers, one card after another, and where each card's run starts.
  let searchIndex = null;

  function readSearchIndex() {
    const index = data.search;
    const value = new Int8Array(128);
    for (let digit = 0; digit < index.digits.length; digit++) value[index.digits.charCodeAt(digit)] = digit;
    function readNumbers(text) {
      const numbers = new Int32Array(text.length); // a number has at least one digit
      let count = 0;
      let number = 0;
      let shift = 0;
      for (let at = 0; at < text.length; at++) {
        const digit = value[text.charCodeAt(at)];
        number += (digit & 31) * 2 ** shift;
        if (digit & 32) {
          shift += 5;
        } else {
          numbers[count++] = number;
          number = 0;
          shift = 0;
        }
      }
      return numbers.subarray(0, count);
    }
    const parts = ["title", "lead", "body"].map((part) => {
      const numbers = readNumbers(index[part]);
      const starts = new Int32Array(data.nodes.length);
      for (let card = 0, at = 0; card < data.nodes.length; card++) {
        starts[card] = at;
        at += 1 + numbers[at];
      }
      return { numbers, starts, weight: index.weights[part] };
    });
    return { numberOf: readNumbers(index.numbers), parts };
  }

  // The first of the index's sorted words not before ``text``.
  function firstWordFrom(text) {
    const sorted = data.search.words;
    let [low, high] = [0, sorted.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle] < text) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  // A term (" lock in") as word numbers: each word but the last exactly, then any of the
  // words that start with the last one (a mark per word number); null when no card can
  // hold it.
  function termNumbers(term) {
    const termWords = term.trim().split(" ");
    const last = termWords.pop();
    const exact = [];
    for (const word of termWords) {
      const at = firstWordFrom(word);
      if (data.search.words[at] !== word) return null;
      exact.push(searchIndex.numberOf[at]);
    }
    const [low, high] = [firstWordFrom(last), firstWordFrom(`${last}\uffff`)];
    if (low === high) return null;
    const begun = new Uint8Array(data.search.words.length);
    for (let at = low; at < high; at++) begun[searchIndex.numberOf[at]] = 1;
    return { exact, begun };
  }

  // Whether the words from ``start`` (a count, then that many numbers) hold the term, as
  // ``term in text`` finds it in `tradeoffs search`: its words in a row, the last one begun.
  function holds(numbers, start, { exact, begun }) {
    const end = start + 1 + numbers[start];
    for (let at = start + 1; at + exact.length < end; at++) {
      let same = 0;
      while (same < exact.length && numbers[at + same] === exact[same]) same++;
      if (same === exact.length && begun[numbers[at + same]]) return true;
    }
    return false;
  }

  // Points as `tradeoffs search` counts them: per term, its weight in each part holding it.
  // A card named exactly (by id or title) comes first, as a person typing it expects.
  function ranked(text, terms) {
    if (searchIndex === null) searchIndex = readSearchIndex();
    const points = new Float64Array(data.nodes.length);
    for (const term of terms) {
      const found = termNumbers(term);
      if (found === null) continue;
      for (const { numbers, starts, weight } of searchIndex.parts) {
        for (let card = 0; card < starts.length; card++) if (holds(numbers, starts[card], found)) points[card] += weight;
      }
    }
    const matches = [];
    data.nodes.forEach((card, number) => {
      const named = card.id === text || card.title.toLocaleLowerCase() === text;
      if (named || points[number] > 0) matches.push({ card, points: named ? Infinity : points[number] });
    });
    return matches.sort((a, b) => b.points - a.points || (a.card.id < b.card.id ? -1 : 1));
  }

  function showSuggestions() {
    const text = searchBox.value.trim().toLocaleLowerCase();
    const terms = searchTerms(text);
    suggestions = [];
    if (terms.length) suggestions = ranked(text, terms).slice(0, SUGGESTION_LIMIT).map((match) => match.card);
    activeSuggestion = suggestions.length ? 0 : -1;
    suggestionList.replaceChildren(
      ...suggestions.map((card, index) => {
        const item = element("li", card.title);
        item.id = `suggestion-${index}`;
        item.setAttribute("role", "option");
        const about = element("span", undefined, "about");
        about.append(kindTag(card.kind));
        if (card.category) about.append(element("span", card.category, "category"));
        about.append(element("span", card.id, "id"));
        item.append(about);
        // mousedown, not click: it fires before the search box loses focus and hides the list.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(index);
        });
        return item;
      }),
    );
    if (text && !suggestions.length) suggestionList.replaceChildren(element("li", "No matching card"));
    suggestionList.hidden = !text;
    searchBox.setAttribute("aria-expanded", String(!suggestionList.hidden));
    highlight();
  }

  function highlight() {
    suggestionList.querySelectorAll("[role=option]").forEach((item, index) => {
      item.setAttribute("aria-selected", String(index === activeSuggestion));
      if (index === activeSuggestion) item.scrollIntoView({ block: "nearest" });
    });
    if (activeSuggestion >= 0) searchBox.setAttribute("aria-activedescendant", `suggestion-${activeSuggestion}`);
    else searchBox.removeAttribute("aria-activedescendant");
  }

  function hideSuggestions() {
    suggestionList.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
  }

  // Pick a suggestion: the card opens, and the keyboard goes on from the map around it.
  function choose(index) {
    const card = suggestions[index];
    if (!card) return;
    hideSuggestions();
    searchBox.value = ""; // the panel names the card; an old title left here only misleads
    selectCard(card.id);
    (view ? viewContainer : mapContainer).focus({ preventScroll: true });
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
      activeSuggestion = (activeSuggestion + step + suggestions.length) % suggestions.length;
      highlight();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (suggestionList.hidden) showSuggestions();
      choose(activeSuggestion);
    } else if (event.key === "Escape" && searchBox.value) {
      // The first Escape empties the box; the next one closes, as from anywhere.
      event.stopPropagation();
      event.preventDefault();
      searchBox.value = "";
      hideSuggestions();
    }
  });

  // ---- keyboard: Escape, f, and arrows between neighbours ----

  // The neighbour drawn nearest the arrow's direction from the selected card.
  function neighbourToward(id, dx, dy) {
    const net = active();
    const here = net.getPositions([id])[id];
    if (!here) return null;
    let best = null;
    let bestScore = -Infinity;
    const candidates = [...new Set(edgesAt.get(id).filter(edgeShown).map((edge) => otherEnd(edge, id)))];
    const positions = net.getPositions(candidates);
    for (const other of candidates) {
      const there = positions[other];
      if (!there) continue;
      const ox = there.x - here.x;
      const oy = there.y - here.y;
      const length = Math.hypot(ox, oy) || 1;
      const cosine = (ox * dx + oy * dy) / length;
      if (cosine <= 0.3) continue;
      const score = cosine - length / 20000;
      if (score > bestScore) {
        bestScore = score;
        best = other;
      }
    }
    return best;
  }

  function nearestToCentre() {
    const net = active();
    const centre = net.getViewPosition();
    const ids = view ? viewNodes.getIds() : shownCards();
    const positions = net.getPositions(ids);
    let best = null;
    let bestDistance = Infinity;
    for (const id of ids) {
      const distance = Math.hypot(positions[id].x - centre.x, positions[id].y - centre.y);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = id;
      }
    }
    return best;
  }

  const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  // Escape closes from wherever the focus is (a search box empties first, above): the
  // comparison, else the path, the view and the card at once.
  function escape() {
    hideTooltips();
    if (!compareBox.hidden) {
      closeComparison();
      return;
    }
    pathFrom = null;
    const hadPath = path !== null;
    clearPath();
    leaveView();
    if (!panel.hidden) closePanel();
    if (hadPath) writeHash(true);
    setStatus("");
    // The focus stays on the page: a control the closing hid hands it to the map.
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest("[hidden]")) {
      mapContainer.focus({ preventScroll: true });
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape") {
      escape();
      event.preventDefault();
      return;
    }
    if (event.target.closest && event.target.closest("input, select, textarea")) return;
    if (event.key === "f" && selectedId !== null) {
      toggleFocus(selectedId);
      event.preventDefault();
    } else if (event.key in ARROWS && (event.target === mapContainer || (event.target === viewContainer && view.mode !== "overview"))) {
      event.preventDefault();
      const next = selectedId === null ? nearestToCentre() : neighbourToward(selectedId, ...ARROWS[event.key]);
      if (next !== null) selectCard(next);
    }
  });

  for (const container of [mapContainer, viewContainer]) {
    container.addEventListener("mousedown", () => container.focus({ preventScroll: true }));
  }

  // The first Tab reaches this button, and it hands the keyboard to the map (a link would
  // write its target into the address, which names the view).
  document.getElementById("skip").addEventListener("click", () => {
    (view ? viewContainer : mapContainer).focus({ preventScroll: true });
  });

  // ---- export the current view as SVG or PNG ----

  // The part of the view the panel leaves uncovered, as an SVG drawing: areas (on the whole
  // map), lines with arrow heads, cards, the labels drawn on screen, and a legend of what is
  // in it. Card text goes in as text nodes only.
  function viewSvg() {
    const net = active();
    const span = visibleSpan();
    const width = span.right - span.left;
    const height = stage.clientHeight;
    const topLeft = net.DOMtoCanvas({ x: span.left, y: 0 });
    const bottomRight = net.DOMtoCanvas({ x: span.right, y: height });
    const scale = net.getScale();
    const ids = view ? viewNodes.getIds() : shownCards();
    const positions = net.getPositions(ids);
    const inside = (p, margin) =>
      p.x >= topLeft.x - margin && p.x <= bottomRight.x + margin && p.y >= topLeft.y - margin && p.y <= bottomRight.y + margin;
    const svg = svgElement("svg", {
      xmlns: SVG,
      width,
      height,
      viewBox: `${topLeft.x} ${topLeft.y} ${bottomRight.x - topLeft.x} ${bottomRight.y - topLeft.y}`,
      "font-family": "system-ui, sans-serif",
    });
    svg.append(svgElement("rect", {
      x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y, fill: "#ffffff",
    }));
    const defs = svgElement("defs", {});
    for (const type of data.edgeTypes.filter((t) => t.directed)) {
      const marker = svgElement("marker", {
        id: `arrow-${type.id}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse",
      });
      marker.append(svgElement("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: type.colour }));
      defs.append(marker);
    }
    svg.append(defs);
    if (!view) {
      const regions = svgElement("g", { fill: "#f1f5f9", stroke: "#cbd5e1", "stroke-width": 1 / scale });
      for (const area of data.areas) {
        regions.append(svgElement("rect", { x: area.left, y: area.top, width: area.width, height: area.height }));
        const name = svgElement("text", {
          x: area.left + 8 / scale, y: area.top + (6 + AREA_LABEL_PX) / scale, "font-size": AREA_LABEL_PX / scale,
          "font-weight": 600, fill: "#334155", stroke: "none",
        });
        name.textContent = `${area.name} (${area.cards.toLocaleString("en")})`;
        regions.append(name);
      }
      svg.append(regions);
    }
    const cardsShown = view ? view.mode !== "overview" : true;
    const shownEdges = !cardsShown ? [] : view ? viewEdges.get() : shownRelations();
    const edgeGroup = svgElement("g", { "stroke-width": 1.5 / Math.min(scale, 1) });
    const shownTypes = new Set();
    for (const edge of shownEdges) {
      const [a, b] = [positions[edge.from], positions[edge.to]];
      if (!a || !b || !(inside(a, 0) || inside(b, 0))) continue;
      const type = typeById.get(edge.type);
      shownTypes.add(type);
      // The line stops at the target's edge, where its arrow head points.
      const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      const stop = type.directed ? (cardById.get(edge.to).size + 2) / length : 0;
      const line = svgElement("line", {
        x1: a.x, y1: a.y, x2: b.x - (b.x - a.x) * stop, y2: b.y - (b.y - a.y) * stop, stroke: type.colour, "data-type": type.id,
      });
      if (type.dashes.length) line.setAttribute("stroke-dasharray", type.dashes.join(" "));
      if (type.directed) line.setAttribute("marker-end", `url(#arrow-${type.id})`);
      edgeGroup.append(line);
    }
    svg.append(edgeGroup);
    const nodeGroup = svgElement("g", {});
    const labels = svgElement("g", { "text-anchor": "middle", fill: LABEL_COLOUR });
    const shownKinds = new Set();
    for (const id of cardsShown ? ids : []) {
      const p = positions[id];
      if (!p || !inside(p, 40)) continue;
      const card = cardById.get(id);
      const kind = kindById.get(card.kind);
      shownKinds.add(kind);
      const colour = cardColour(card);
      const shape = shapeElement(kind.shape, p.x, p.y, card.size, { fill: colour, stroke: colour });
      shape.setAttribute("data-id", id);
      nodeGroup.append(shape);
      // The label as drawn on screen now (views place and shorten theirs).
      const drawn = net.body.nodes[id].options;
      const size = drawn.font.size;
      if (drawn.label && size * scale >= (view ? 1 : LABEL_THRESHOLD)) {
        const label = svgElement("text", { x: p.x, y: p.y + card.size + size, "font-size": size });
        label.textContent = drawn.label;
        labels.append(label);
      }
    }
    svg.append(nodeGroup, labels, svgLegend(shownKinds, shownTypes, topLeft, scale));
    return new XMLSerializer().serializeToString(svg);
  }

  // The legend, in the drawing's top left corner at screen size: the kinds and edge types
  // that appear in it.
  function svgLegend(kinds, types, topLeft, scale) {
    const legend = svgElement("g", { transform: `translate(${topLeft.x} ${topLeft.y}) scale(${1 / scale})`, "font-size": 12 });
    const rows = [...data.kinds.filter((k) => kinds.has(k)), ...data.edgeTypes.filter((t) => types.has(t))];
    legend.append(svgElement("rect", {
      x: 8, y: 8, width: 190, height: 12 + rows.length * 18, fill: "#ffffff", stroke: "#cbd5e1", "fill-opacity": 0.92,
    }));
    rows.forEach((entry, index) => {
      const y = 24 + index * 18;
      if (kinds.has(entry)) {
        legend.append(shapeElement(entry.shape, 22, y - 4, 6, { fill: entry.colour, stroke: entry.colour }));
      } else {
        const line = svgElement("line", { x1: 14, y1: y - 4, x2: 32, y2: y - 4, stroke: entry.colour, "stroke-width": 2 });
        if (entry.dashes.length) line.setAttribute("stroke-dasharray", entry.dashes.join(" "));
        if (entry.directed) line.setAttribute("marker-end", `url(#arrow-${entry.id})`);
        legend.append(line);
      }
      const text = svgElement("text", { x: 40, y, fill: LABEL_COLOUR });
      text.textContent = kinds.has(entry) ? entry.plural : entry.label;
      legend.append(text);
    });
    return legend;
  }

  // The part of the canvas the panel leaves uncovered, as a picture.
  function viewPng() {
    const source = active().canvas.frame.canvas;
    const ratio = source.width / stage.clientWidth;
    const span = visibleSpan();
    const copy = document.createElement("canvas");
    copy.width = Math.round((span.right - span.left) * ratio);
    copy.height = source.height;
    const context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(source, Math.round(span.left * ratio), 0, copy.width, copy.height, 0, 0, copy.width, copy.height);
    return copy;
  }

  function download(blob, name) {
    const link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function exportName(extension) {
    const what = view ? `${view.mode}-${view.id}` : "map";
    return `tradeoffs-${what}.${extension}`;
  }

  document.getElementById("export-svg").addEventListener("click", () => {
    download(new Blob([viewSvg()], { type: "image/svg+xml" }), exportName("svg"));
  });
  document.getElementById("export-png").addEventListener("click", () => {
    viewPng().toBlob((blob) => download(blob, exportName("png")), "image/png");
  });

  // ---- the API the tests (and the console) use ----

  Object.assign(api, {
    selectCard,
    focus: (id, depth) => enterView("focus", id, depth),
    chain: (id) => enterView("chain", id),
    leave: leaveView,
    path: (from, to) => showPath(from, to),
    overview: enterOverview,
    exportSvg: viewSvg,
    state: () => ({
      selected: selectedId,
      focus: view && view.mode !== "overview" ? view.id : null,
      shown: view ? viewNodes.getIds() : shownCards(),
    }),
    // Every label drawn now, as boxes in page pixels: the cards' (as vis drew them: only
    // those at least the threshold on screen) and, on the whole map, the areas'.
    labelBoxes: () => {
      const net = active();
      const scale = net.getScale();
      const threshold = view ? 1 : LABEL_THRESHOLD;
      const frame = net.body.container.getBoundingClientRect();
      const boxes = [];
      for (const id of net.body.nodeIndices) {
        const node = net.body.nodes[id];
        const size = node.labelModule.size;
        if (!node.options.label || node.options.font.size * scale < threshold || !size.width) continue;
        const corner = net.canvasToDOM({ x: size.left, y: size.top });
        const box = {
          text: node.options.label, left: frame.left + corner.x, top: frame.top + corner.y,
          width: size.width * scale, height: size.height * scale, px: node.options.font.size * scale,
        };
        if (box.left + box.width > frame.left && box.left < frame.right && box.top + box.height > frame.top && box.top < frame.bottom) {
          boxes.push(box);
        }
      }
      if (!view) {
        for (const box of areaLabelBoxes) boxes.push({ ...box, left: frame.left + box.left, top: frame.top + box.top, px: AREA_LABEL_PX });
      }
      return boxes;
    },
    view: () => (view ? { ...view } : null),
    currentPath: () => (path ? { ids: [...path.ids], edges: path.edges.map((edge) => edge.type) } : null),
  });

  // ---- first view: the one the address names, else the focus of the selection ----

  fitAreas(data.areas, false); // before the first drawing: the whole map, at a glance
  if (location.hash.length > 1) followAddress();
  else if (data.focus) selectCard(data.focus);
  if (!data.nodes.length) setStatus("This map has no cards: the selection matched none.");
})();
