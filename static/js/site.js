// Small, optional enhancements; every page works fully without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // The filter panel starts open (so it works without JavaScript); on a phone it folds away.
  var narrow = window.matchMedia("(max-width: 47.99em)");
  function fitPanel() {
    var panel = document.getElementById("filter-panel");
    if (panel) {
      panel.open = !narrow.matches;
    }
  }
  document.addEventListener("DOMContentLoaded", fitPanel);

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

  // After a boosted navigation (a removed filter chip), re-fit the panel for the viewport.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.boosted) {
      fitPanel();
    }
  });
})();
