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

/* Dossier: a message's copy button copies exactly the text shown above it. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.dossier-copy") : null;
    if (!button) return;
    var shown = document.getElementById(button.getAttribute("data-copy-target"));
    if (!shown) return;
    // innerText is what the reader sees: paragraphs apart, the signature on its own line.
    var text = shown.innerText.replace(/\n{3,}/g, "\n\n").trim();
    button.setAttribute("data-copied", text);
    function said(ok) {
      button.textContent = ok ? "Copied" : "Select the text to copy it";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { said(true); },
        function () { said(fallbackCopy(text)); }
      );
    } else {
      said(fallbackCopy(text));
    }
  });
})();
