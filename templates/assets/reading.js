/*
 * Dossier: reading aids on this device. Large type (kept in localStorage, never
 * sent anywhere), scroll areas a keyboard can reach, and rehearsal answers opened
 * for printing.
 */
(function () {
  "use strict";

  var KEY = "dossier:large-type";
  var CLASS = "dossier-large-type";
  var root = document.documentElement;

  function stored() {
    try {
      return localStorage.getItem(KEY) === "1";
    } catch (e) {
      return false;
    }
  }

  function showLargeType(on) {
    root.classList.toggle(CLASS, on);
    document.querySelectorAll(".dossier-large-type-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function setupLargeType() {
    document.querySelectorAll(".dossier-large-type-toggle").forEach(function (button) {
      if (button.dataset.dossierReady) {
        return;
      }
      button.dataset.dossierReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains(CLASS);
        try {
          if (on) {
            localStorage.setItem(KEY, "1");
          } else {
            localStorage.removeItem(KEY);
          }
        } catch (e) {
          /* storage may be off: the mode still holds for this page */
        }
        showLargeType(on);
      });
    });
    showLargeType(stored());
  }

  // A wide table scrolls inside its own box; a keyboard user must be able to reach it.
  function setupScrollAreas() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (area) {
      if (area.scrollWidth > area.clientWidth && !area.hasAttribute("tabindex")) {
        area.setAttribute("tabindex", "0");
        area.setAttribute("role", "region");
        var table = area.querySelector("th");
        area.setAttribute(
          "aria-label",
          "Table" + (table ? ": " + table.textContent.trim() : "") + ", scrolls sideways",
        );
      }
    });
  }

  // Paper shows the rehearsal answers too (browsers without ::details-content).
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(
      document.querySelectorAll("details.dossier-rehearse"),
      function (details) {
        return !details.open;
      },
    );
    closedForPrint.forEach(function (details) {
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (details) {
      details.open = false;
    });
    closedForPrint = [];
  });

  // Material's search dialog has no name; screen readers announce just "dialog".
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", "Search this site");
    }
  }

  function setup() {
    setupLargeType();
    setupScrollAreas();
    nameSearchDialog();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
