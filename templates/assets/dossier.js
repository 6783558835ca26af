/* Dossier: keep checklist ticks on this device (localStorage), never sent anywhere. */
(function () {
  "use strict";

  function storageKey(page, index, text) {
    return "dossier:tick:" + page + ":" + index + ":" + text;
  }

  function restoreTicks() {
    var page = location.pathname.replace(/index\.html$/, "");
    var boxes = document.querySelectorAll(".md-typeset .task-list-item input[type=checkbox]");
    boxes.forEach(function (box, index) {
      var item = box.closest(".task-list-item");
      var text = item ? item.textContent.trim().slice(0, 80) : "";
      var key = storageKey(page, index, text);
      box.disabled = false;
      if (!box.getAttribute("aria-label") && text) {
        box.setAttribute("aria-label", text);
      }
      try {
        box.checked = localStorage.getItem(key) === "1";
      } catch (e) {
        return;
      }
      box.addEventListener("change", function () {
        try {
          if (box.checked) {
            localStorage.setItem(key, "1");
          } else {
            localStorage.removeItem(key);
          }
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
