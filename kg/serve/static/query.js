/* gonghui-kg query page: YASGUI against this server's /sparql, offline.
 * Autocompletion that would call outside services (prefix.cc, LOV) is off: only the
 * editor's own variable and prefix completers run; the page's Content-Security-Policy
 * lets it connect to this server only. */
(function () {
  "use strict";
  var endpoint = new URL("/sparql", window.location.href).href;
  var examples = JSON.parse(document.getElementById("kg-examples").textContent);
  document.getElementById("kg-endpoint").textContent = endpoint;
  var Yasqe = Yasgui.Yasqe;
  if (Yasqe && Yasqe.defaults) {
    Yasqe.defaults.autocompleters = ["variables", "prefixes"];
    Yasqe.defaults.prefixCcApi = null;
  }
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: "gonghui-kg-" + window.location.host,
    yasqe: { autocompleters: ["variables", "prefixes"], prefixCcApi: null, value: examples.length ? examples[0].query : "" }
  });
  function current() { return yasgui.getTab(); }
  function load(name) {
    var q = examples.find(function (x) { return x.name === name; });
    if (!q) return;
    var tab = current();
    tab.setEndpoint && tab.setEndpoint(endpoint);
    tab.getYasqe().setValue(q.query);
  }
  document.querySelectorAll(".kg-example").forEach(function (b) {
    b.addEventListener("click", function () { load(b.dataset.name); });
  });
  current().setEndpoint && current().setEndpoint(endpoint);
  window.kgQuery = { yasgui: yasgui, load: load, endpoint: endpoint };
})();
