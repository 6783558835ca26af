/*
 * Dossier: the owner's debrief on a card, loaded on the first tap.
 *
 * The debrief form (comments.js and comments.css) is used right after an
 * interview, not on the way to it: a card shows only its "Debrief" button and
 * loads the form when the button is tapped, opened. When this browser already
 * keeps comments or debriefs of this site, the form loads at once, so they show
 * as before. Share builds load comments.js on every page and never use this.
 * Written for this project; no third-party code.
 */
(function () {
  "use strict";

  function load(holder, open) {
    if (open) {
      holder.setAttribute("data-open", "1");
    }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = holder.getAttribute("data-style") || "";
    document.head.appendChild(style);
    var code = document.createElement("script");
    code.src = holder.getAttribute("data-script");
    document.body.appendChild(code);
  }

  function kept(holder) {
    try {
      var data = JSON.parse(holder.textContent);
      var list = JSON.parse(localStorage.getItem("dossier:comments:" + data.share) || "[]");
      return Array.isArray(list) && list.length > 0;
    } catch (e) {
      return true; // unreadable: let the form itself decide what to show
    }
  }

  // The page data comes before this script; the card is read once the page is parsed.
  function start() {
    var holder = document.getElementById("dossier-comments-data");
    if (!holder || !holder.getAttribute("data-script")) {
      return;
    }
    var card = document.querySelector("article .dossier-card");
    if (!card || kept(holder)) {
      load(holder, false);
      return;
    }
    var box = document.createElement("section");
    box.className = "dossier-debrief-stub";
    box.setAttribute("aria-label", "Debrief");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary dossier-debrief__open";
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Debrief";
    button.addEventListener("click", function () {
      button.disabled = true;
      load(holder, true);
    });
    box.appendChild(button);
    card.insertAdjacentElement("afterend", box);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
