// The SPARQL page: YASGUI (vendored) on our own endpoint, one tab per example question.
// Persistence, endpoint catalogues and the autocompleters that ask other hosts are off.
(function () {
  "use strict";
  const el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") return;
  const questions = JSON.parse(document.getElementById("questions").textContent);
  const chosen = Number(el.dataset.chosen || 1);
  const endpoint = new URL(el.dataset.endpoint, location.href).href;
  const yasgui = new Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    autofocus: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasqe: { autocompleters: ["prefixes", "variables"], persistenceId: null },
    yasr: { persistenceId: null },
  });
  const tabs = questions.map((q) =>
    yasgui.addTab(q.number === chosen, {
      name: "Q" + q.number,
      yasqe: { value: q.query },
      requestConfig: { endpoint: endpoint, method: "POST" },
    })
  );
  document.documentElement.classList.add("js");
  // each example's entry opens its tab instead of the plain form
  questions.forEach((q, i) => {
    const details = document.getElementById("example-" + q.number);
    if (!details) return;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Open Q" + q.number + " in the editor";
    button.addEventListener("click", () => {
      yasgui.selectTabId(tabs[i].getId());
      el.scrollIntoView({ block: "start" });
    });
    details.append(button);
  });
  window.cablegraphYasgui = yasgui;
})();
