// Small, optional enhancements; every page works fully without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // Leave empty fields out of htmx requests, so pushed URLs stay short and shareable.
  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (!data || event.detail.verb !== "get") {
      return;
    }
    var names = [];
    data.forEach(function (value, name) {
      if (value === "" && names.indexOf(name) < 0) {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      var kept = data.getAll(name).filter(function (value) { return value !== ""; });
      data.delete(name);
      kept.forEach(function (value) { data.append(name, value); });
    });
  });

  // Typing in the search box already updates the results; the change event it fires on
  // leaving the box would only repeat the same request.
  document.addEventListener("change", function (event) {
    if (event.target.id === "id_q") {
      event.stopPropagation();
    }
  }, true);

  // The filter panel's folded or open state is plain HTML and CSS (see .filters__panel in
  // site.css). A boosted link (a filter chip) or a history restore swaps in a fresh page whose
  // panel is folded: if the visitor had opened it, keep it open. This runs in the same task
  // as the swap, so nothing is painted in between and nothing moves.
  var panelWasOpen = false;
  function notePanel() {
    var panel = document.getElementById("filter-panel");
    panelWasOpen = Boolean(panel && panel.open);
  }
  function keepPanel() {
    var panel = document.getElementById("filter-panel");
    if (panel && panelWasOpen) {
      panel.open = true;
    }
    panelWasOpen = false;
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.boosted && event.detail.shouldSwap) {
      notePanel();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.boosted) {
      keepPanel();
    }
  });
  document.addEventListener("htmx:historyCacheMissLoad", notePanel);
  document.addEventListener("htmx:historyRestore", keepPanel);
})();
