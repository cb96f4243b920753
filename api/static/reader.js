// The reader's fact panel: select a highlighted fact (click, or Enter/Space on a focused mark)
// to see its RDF and its evidence in every version. The page reads the same without it.
(function () {
  "use strict";
  const article = document.querySelector("article.telegram");
  const panel = document.getElementById("fact-panel");
  if (!article || !panel) return;
  const telegram = article.dataset.telegram;
  const root = document.body.dataset.root || "/";  // this server, as the page was reached (api/links.py)
  const body = panel.querySelector(".fact-body");
  const code = panel.querySelector(".turtle code");
  const heading = panel.querySelector("h2");
  let opener = null;
  let shown = null;

  function marksOf(fact) {
    return article.querySelectorAll('mark[data-fact="' + CSS.escape(fact) + '"]');
  }

  function show(fact, from, byKeyboard) {
    const entry = document.getElementById("fact-" + fact);
    if (!entry) return;
    if (shown) marksOf(shown).forEach((m) => m.classList.remove("active"));
    shown = fact;
    opener = from || null;
    marksOf(fact).forEach((m) => m.classList.add("active"));
    heading.textContent = entry.querySelector(".relation").textContent;
    body.replaceChildren();
    const value = entry.querySelector(".value").cloneNode(true);
    const line = document.createElement("p");
    line.className = "fact-value";
    line.append(value);
    const list = entry.querySelector(".evidence").cloneNode(true);
    const from_ = from && from.dataset.evidence;
    list.querySelectorAll("a[data-evidence]").forEach((a) => {
      if (a.dataset.evidence === from_) a.setAttribute("aria-current", "true");
    });
    const caption = document.createElement("h3");
    caption.textContent = "Evidence (" + list.children.length + ")";
    const iri = document.createElement("p");
    const link = document.createElement("a");
    const at = entry.dataset.iri.indexOf("/id/");  // the minted IRI as text, its page on this server as the link
    link.href = at < 0 ? entry.dataset.iri : root + entry.dataset.iri.slice(at + 1);
    link.textContent = entry.dataset.iri;
    iri.append("Statement ", link);
    body.append(line, caption, list, iri);
    panel.hidden = false;
    document.body.classList.add("fact-open");
    if (from) uncover(from);
    if (byKeyboard) heading.focus({ preventScroll: true });  // Tab then walks the panel; Escape returns to the mark
    code.textContent = "loading…";
    fetch(root + "telegrams/" + encodeURIComponent(telegram) + "/facts/" + encodeURIComponent(fact) + ".ttl")
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status + " " + r.statusText))))
      .then((text) => { if (shown === fact) code.textContent = text; })
      .catch((error) => { code.textContent = "The RDF could not be loaded: " + error.message; });
  }

  // the page has made room for the panel (CSS, body.fact-open): bring the selected mark back into
  // the part of the window the panel leaves free if the reflow moved it out of sight
  function uncover(mark) {
    const box = mark.getBoundingClientRect();
    const edge = panel.getBoundingClientRect();
    const bottom = edge.top > window.innerHeight / 3 ? edge.top : window.innerHeight;  // the panel below, or beside
    if (box.top < 0 || box.bottom > bottom) {
      window.scrollBy({ top: box.top - Math.max(80, (bottom - box.height) / 2), behavior: "instant" });
    }
  }

  function hide() {
    if (shown) marksOf(shown).forEach((m) => m.classList.remove("active"));
    shown = null;
    panel.hidden = true;
    document.body.classList.remove("fact-open");
    if (opener) opener.focus();
  }

  function innermost(target) {
    return target instanceof Element ? target.closest("mark[data-fact]") : null;
  }

  article.addEventListener("click", (event) => {
    const mark = innermost(event.target);
    if (mark) show(mark.dataset.fact, mark);
  });
  article.addEventListener("keydown", (event) => {
    const mark = innermost(event.target);
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      show(mark.dataset.fact, mark, true);
    }
  });
  panel.querySelector(".close").addEventListener("click", hide);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) hide();
  });
  // evidence links (in the panel and the fact list) focus the mark in its version
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-evidence]") : null;
    if (!link) return;
    const mark = document.getElementById("ev-" + link.dataset.evidence);
    if (!mark) return;
    event.preventDefault();
    const closed = mark.closest("details:not([open])");
    if (closed) closed.open = true;
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    history.replaceState(null, "", "#ev-" + link.dataset.evidence);
  });
  // a link to one piece of evidence (#ev-...) opens its catalogue section if needed
  if (location.hash.startsWith("#ev-")) {
    const mark = document.getElementById(location.hash.slice(1));
    const closed = mark && mark.closest("details:not([open])");
    if (closed) { closed.open = true; mark.scrollIntoView({ block: "center" }); }
    if (mark) mark.focus({ preventScroll: true });
  }
})();
