// The SPARQL page: YASGUI (vendored) on our own endpoint. The chosen example opens as the first tab;
// the picker (grouped like the cookbook) and each example's button open the others, one tab each.
// Persistence, endpoint catalogues and the autocompleters that ask other hosts are off.
(function () {
  "use strict";
  const el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") return;
  const questions = JSON.parse(document.getElementById("questions").textContent);
  const chosen = Number(el.dataset.chosen || 1);
  const endpoint = new URL(el.dataset.endpoint, location.href).href;
  // the dataset's prefixes (cablegraph.ontology.PREFIXES; a test keeps the two equal): YASR
  // writes IRIs and datatypes with them, merged with the prefixes the query declares
  const PREFIXES = {
    cg: "https://w3id.org/cablegraph/ns#", rico: "https://www.ica.org/standards/RiC/ontology#",
    schema: "https://schema.org/", oa: "http://www.w3.org/ns/oa#", org: "http://www.w3.org/ns/org#",
    geo: "http://www.opengis.net/ont/geosparql#", wgs84: "http://www.w3.org/2003/01/geo/wgs84_pos#",
    prov: "http://www.w3.org/ns/prov#", dcterms: "http://purl.org/dc/terms/", skos: "http://www.w3.org/2004/02/skos/core#",
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    owl: "http://www.w3.org/2002/07/owl#", xsd: "http://www.w3.org/2001/XMLSchema#", void: "http://rdfs.org/ns/void#",
    dcat: "http://www.w3.org/ns/dcat#", wd: "http://www.wikidata.org/entity/",
  };
  // the dataset's own IRIs (minted under the base the store was built with) read as telegram:…, person:…
  if (el.dataset.base) {
    ["telegram", "person", "place", "organisation", "post", "repository"].forEach((kind) => {
      PREFIXES[kind] = el.dataset.base + "id/" + kind + "/";
    });
  }
  const XSD_STRING = PREFIXES.xsd + "string";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function shortIri(iri, prefixes) {
    for (const prefix in prefixes || {}) {
      if (prefixes[prefix] && iri.indexOf(prefixes[prefix]) === 0) return prefix + ":" + iri.slice(prefixes[prefix].length);
    }
    return iri;
  }

  // A literal in the results table reads as its value: "1950-10-01", not "1950-10-01"^^<http://…#date>.
  // Its datatype (xsd:date) or language (ru) follows as a small tag whose title is the full IRI.
  const Table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (Table && Table.prototype.formatLiteral) {
    Table.prototype.formatLiteral = function (binding, prefixes) {
      const value = escapeHtml(binding.value);
      if (this.persistentConfig && this.persistentConfig.compact) return value;
      const lang = binding["xml:lang"];
      if (lang) return value + ' <span class="literal-tag" title="language tag @' + escapeHtml(lang) + '">' + escapeHtml(lang) + "</span>";
      if (binding.datatype && binding.datatype !== XSD_STRING) {
        return value + ' <span class="literal-tag" title="' + escapeHtml(binding.datatype) + '">' +
          escapeHtml(shortIri(binding.datatype, prefixes)) + "</span>";
      }
      return value;
    };
  }
  const yasgui = new Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    autofocus: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: { autocompleters: ["prefixes", "variables"], persistenceId: null },
    yasr: { persistenceId: null, prefixes: PREFIXES },
  });
  const opened = new Map(); // example number -> tab id

  // Accessibility of the vendored widgets (checked with axe-core in tests/browser): the editor's
  // hidden input gets a name, its scroll area a tab stop, and the "new tab" button leaves the
  // tab list (whose children must all be tabs) to sit just after it.
  function mend() {
    el.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach((t) => t.setAttribute("aria-label", "SPARQL query"));
    el.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach((s) => s.setAttribute("tabindex", "0"));
    el.querySelectorAll("input.autocomplete:not([aria-label])").forEach((i) => i.setAttribute("aria-label", "SPARQL endpoint"));
    el.querySelectorAll("select.tableSizer:not([aria-label])").forEach((s) => s.setAttribute("aria-label", "Results per page"));
    const list = el.querySelector(".tabsList");
    const button = list && list.querySelector(".addTab");
    if (button && !button.closest(".moved-add-tab")) {
      // YASGUI inserts each new tab before the button's wrapper: the wrapper stays, hidden, and
      // a button of ours after the list does the same work
      button.parentElement.classList.add("moved-add-tab");
      const row = document.createElement("div");
      row.className = "tabsListRow";
      list.parentElement.insertBefore(row, list);
      row.append(list);
      const ours = document.createElement("button");
      ours.type = "button";
      ours.className = "addTab";
      ours.textContent = "+";
      ours.title = "Add tab";
      ours.setAttribute("aria-label", "Add a new tab");
      ours.addEventListener("click", () => yasgui.addTab(true));
      row.append(ours);
    }
  }
  new MutationObserver(mend).observe(el, { childList: true, subtree: true });

  function tabName(q) {
    const title = q.question.length > 48 ? q.question.slice(0, 47).trimEnd() + "…" : q.question;
    return q.number + ". " + title;
  }

  function open(number) {
    const q = questions.find((candidate) => candidate.number === number);
    if (!q) return;
    if (opened.has(number)) {
      yasgui.selectTabId(opened.get(number));
    } else {
      const tab = yasgui.addTab(true, {
        name: tabName(q),
        yasqe: { value: q.query },
        requestConfig: { endpoint: endpoint, method: "POST" },
      });
      opened.set(number, tab.getId());
    }
    const choice = document.getElementById("example-choice");
    if (choice) choice.value = String(number);
  }

  open(questions.some((q) => q.number === chosen) ? chosen : 1);
  mend();
  document.documentElement.classList.add("js");

  // the picker opens its example in a tab instead of reloading the page
  const picker = document.getElementById("example-picker");
  if (picker) {
    picker.addEventListener("submit", (event) => {
      event.preventDefault();
      open(Number(document.getElementById("example-choice").value));
    });
    document.getElementById("example-choice").addEventListener("change", (event) => open(Number(event.target.value)));
  }
  // each example's entry opens its tab instead of the plain form
  questions.forEach((q) => {
    const details = document.getElementById("example-" + q.number);
    if (!details) return;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Open in the editor";
    button.addEventListener("click", () => {
      open(q.number);
      el.scrollIntoView({ block: "start" });
    });
    details.append(button);
  });
  window.cablegraphYasgui = yasgui;
})();
