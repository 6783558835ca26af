/* Dossier: keep checklist ticks on this device (localStorage), never sent anywhere. */
(function () {
  "use strict";

  // Keyed by page and item text (plus its count on the page, for repeated items), so
  // an item added above keeps the ticks below where they were.
  function storageKey(page, text, seen) {
    return "dossier:tick:" + page + ":" + text + (seen ? ":" + seen : "");
  }

  // The first list after a heading, before the next heading.
  function listAfter(heading) {
    var el = heading ? heading.nextElementSibling : null;
    while (el && el.tagName !== "UL" && !/^H[1-6]$/.test(el.tagName)) {
      el = el.nextElementSibling;
    }
    return el && el.tagName === "UL" ? el : null;
  }

  function restoreTicks() {
    var page = location.pathname.replace(/index\.html$/, "");
    var counts = {};
    var stateList = listAfter(document.getElementById("state-check"));
    var boxes = document.querySelectorAll(".md-typeset .task-list-item input[type=checkbox]");
    boxes.forEach(function (box) {
      var item = box.closest(".task-list-item");
      var text = item ? item.textContent.replace(/\s+/g, " ").trim().slice(0, 80) : "";
      var seen = counts[text] || 0;
      counts[text] = seen + 1;
      var key = storageKey(page, text, seen);
      // The state check is about how you are now: its ticks last one local day.
      if (stateList && stateList.contains(box)) {
        var now = new Date();
        key += ":" + now.getFullYear() + "-" + (now.getMonth() + 1) + "-" + now.getDate();
      }
      box.disabled = false;
      // Material's task-list label holds only the box: name it after its item.
      if (!box.getAttribute("aria-label") && text) {
        box.setAttribute("aria-label", text);
      }
      if (box.dataset.dossierTick) {
        return;
      }
      box.dataset.dossierTick = "1";
      try {
        // "1" ticked, "0" unticked here; nothing stored keeps the page's own state.
        var stored = localStorage.getItem(key);
        if (stored === "1" || stored === "0") {
          box.checked = stored === "1";
        }
      } catch (e) {
        return;
      }
      box.addEventListener("change", function () {
        try {
          localStorage.setItem(key, box.checked ? "1" : "0");
        } catch (e) {
          /* storage may be off; ticking still works for this visit */
        }
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(restoreTicks);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreTicks);
  } else {
    restoreTicks();
  }
})();
