// The preview's pages only (tradeoffs site --serve): ask the preview which build it is at,
// reload when a rebuild moved it on, and show at the top what could not be read.
(function () {
  "use strict";
  const STATE = "/__tradeoffs/state";
  const live = (window.tradeoffsLive = { build: null, problems: [] });
  // A site page's <main>, or the map's (its stage).
  const main = document.querySelector("main");
  let banner = null;

  function show(problems) {
    live.problems = problems;
    if (!problems.length) {
      if (banner) banner.remove();
      banner = null;
      return;
    }
    if (!banner) {
      banner = document.createElement("section");
      banner.className = "problems";
      banner.setAttribute("role", "alert");
      main.prepend(banner);
    }
    const heading = document.createElement("p");
    heading.textContent = "The preview could not read every file; the pages show what it last read well:";
    const lines = document.createElement("pre");
    lines.textContent = problems.join("\n");
    banner.replaceChildren(heading, lines);
  }

  async function poll() {
    try {
      const response = await fetch(STATE, { cache: "no-store" });
      const state = await response.json();
      if (live.build === null) live.build = state.build;
      if (state.build !== live.build) {
        window.location.reload();
        return;
      }
      show(state.problems);
    } catch (error) {
      // The preview stopped: the page stays as it is, and asks again.
    }
    window.setTimeout(poll, 500);
  }
  poll();
})();
