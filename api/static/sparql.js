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
  const opened = new Map(); // example number -> tab id

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
