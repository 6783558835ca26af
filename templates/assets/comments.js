/* Dossier: a mentor's comments on a shared copy, the owner's debriefs on their cards.
   Everything stays in this browser's localStorage until the user sends it with their
   own download, share sheet or e-mail. This script makes no network request. */
(function () {
  "use strict";

  var holder = document.getElementById("dossier-comments-data");
  if (!holder) {
    return;
  }
  var data;
  try {
    data = JSON.parse(holder.textContent);
  } catch (e) {
    return;
  }
  var STORE = "dossier:comments:" + data.share;
  var NAME = "dossier:comments:name";
  // Longer mailto: links are cut or refused by some mail apps.
  var MAILTO_LIMIT = 1800;
  var uid = 0;

  // ------------------------------------------------------------ storage

  function load() {
    try {
      var list = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function store(list) {
    try {
      localStorage.setItem(STORE, JSON.stringify(list));
      return true;
    } catch (e) {
      return false;
    }
  }

  function savedName() {
    try {
      return localStorage.getItem(NAME) || "";
    } catch (e) {
      return "";
    }
  }

  function rememberName(name) {
    try {
      localStorage.setItem(NAME, name);
    } catch (e) {
      /* private mode: the name is asked again next time */
    }
  }

  function cleanName(text) {
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/\s+/g, " ").trim();
  }

  function today() {
    var d = new Date();
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function newId() {
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
  }

  // ------------------------------------------------------------ small DOM helpers

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "hidden") {
        node.hidden = attrs[key];
      } else {
        node.setAttribute(key, attrs[key]);
      }
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function button(text, cls, label) {
    var b = el("button", { type: "button", class: "md-button " + (cls || "") }, text);
    if (label) {
      b.setAttribute("aria-label", label);
    }
    return b;
  }

  function field(labelText, control) {
    var id = "dossier-comments-" + ++uid;
    control.id = id;
    var wrap = el("p", { class: "dossier-comments__field" });
    wrap.appendChild(el("label", { for: id }, labelText));
    wrap.appendChild(control);
    return wrap;
  }

  function article() {
    return document.querySelector("article.md-content__inner") || document.querySelector("article");
  }

  // ------------------------------------------------------------ the file sent back

  function debriefText(entry) {
    return data.parts
      .filter(function (p) {
        return (entry.parts[p.key] || "").trim();
      })
      .map(function (p) {
        return p.label + ":\n" + entry.parts[p.key].trim();
      })
      .join("\n\n");
  }

  function entryText(entry) {
    return entry.kind === "debrief" ? debriefText(entry) : entry.text;
  }

  // A text line that could read as a block boundary gets a backslash in front;
  // `dossier comments import` removes it.
  function escapeLines(text) {
    return text
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map(function (line) {
        return /^(---|\\)/.test(line) ? "\\" + line : line;
      });
  }

  function exportText(list, name) {
    var what = data.mode === "debrief" ? "Debriefs written on your own dossier site" :
      "Comments on a shared copy of an interview dossier (share " + data.share + ")";
    var out = [
      what + (name ? ", from " + name : "") + ", exported " + today() + ".",
      "Take them in with: dossier comments import THIS-FILE",
      "",
    ];
    list.forEach(function (entry) {
      out.push("---", "dossier-comment: " + data.format, "share: " + JSON.stringify(data.share));
      out.push("kind: " + entry.kind, "dossier: " + JSON.stringify(entry.dossier));
      out.push("section: " + entry.section);
      if (entry.kind === "comment") {
        out.push("author: " + JSON.stringify(name));
      }
      out.push("date: " + entry.date, "---");
      out = out.concat(escapeLines(entryText(entry)));
      out.push("");
    });
    return out.join("\n");
  }

  function fileName() {
    return data.mode === "debrief"
      ? "dossier-debriefs-" + today() + ".md"
      : "dossier-comments-" + data.share + "-" + today() + ".md";
  }

  // ------------------------------------------------------------ the send panel

  var panels = [];

  function refreshAll() {
    panels.forEach(function (refresh) {
      refresh();
    });
  }

  function sendPanel(intro) {
    var mentor = data.mode === "comment";
    var noun = mentor ? "comment" : "debrief";
    var box = el("section", { class: "dossier-send", "aria-label": "Send your " + noun + "s" });
    var heading = el("p", { class: "dossier-send__title" });
    var count = el("p", { class: "dossier-send__count" });
    box.appendChild(heading);
    if (intro) {
      box.appendChild(el("p", {}, intro));
    }
    box.appendChild(count);
    var nameInput = el("input", { type: "text", autocomplete: "name", maxlength: "80" });
    var nameField = field("Your name (goes with your comments)", nameInput);
    if (mentor) {
      box.appendChild(nameField);
      nameInput.addEventListener("change", function () {
        rememberName(cleanName(nameInput.value));
        refreshAll();
      });
    }
    var actions = el("p", { class: "dossier-send__actions" });
    var shareButton = button("Send " + noun + "s", "md-button--primary");
    var downloadButton = button("Download file", "");
    var mail = el("a", { class: "md-button" }, "E-mail them");
    actions.appendChild(shareButton);
    actions.appendChild(downloadButton);
    actions.appendChild(mail);
    box.appendChild(actions);
    var clearButton = button("Remove sent " + noun + "s", "dossier-send__clear");
    box.appendChild(clearButton);
    var status = el("p", { class: "dossier-send__status", role: "status", "aria-live": "polite" });
    box.appendChild(status);

    function ready() {
      var list = load();
      if (!list.length) {
        status.textContent = "Nothing to send yet.";
        return null;
      }
      var name = mentor ? cleanName(nameInput.value || savedName()) : "";
      if (mentor && !name) {
        status.textContent = "Type your name first: the owner sees who wrote each comment.";
        nameInput.focus();
        return null;
      }
      if (mentor) {
        rememberName(name);
      }
      return { list: list, text: exportText(list, name), name: fileName() };
    }

    function markSent() {
      var list = load().map(function (entry) {
        entry.sent = today();
        return entry;
      });
      store(list);
      refreshAll();
    }

    function download(out) {
      var blob = new Blob([out.text], { type: "text/markdown" });
      var url = URL.createObjectURL(blob);
      var link = el("a", { href: url, download: out.name, hidden: true });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 60000);
      markSent();
      status.textContent = "Saved " + out.name + ". Send it to the owner of this site" +
        (mentor ? "; they take it in with one command." : "; take it in with `dossier comments import`.");
    }

    function canShareFiles(out) {
      if (!navigator.canShare || !window.File) {
        return false;
      }
      try {
        return navigator.canShare({ files: [new File([out.text], out.name, { type: "text/markdown" })] });
      } catch (e) {
        return false;
      }
    }

    shareButton.addEventListener("click", function () {
      var out = ready();
      if (!out) {
        return;
      }
      if (!canShareFiles(out)) {
        download(out);
        return;
      }
      var file = new File([out.text], out.name, { type: "text/markdown" });
      navigator.share({ files: [file], title: out.name }).then(
        function () {
          markSent();
          status.textContent = "Handed " + out.name + " to your share sheet.";
        },
        function () {
          status.textContent = "Not sent. You can download the file instead.";
        }
      );
    });
    downloadButton.addEventListener("click", function () {
      var out = ready();
      if (out) {
        download(out);
      }
    });
    clearButton.addEventListener("click", function () {
      store(load().filter(function (entry) {
        return !entry.sent;
      }));
      status.textContent = "Removed what was already sent.";
      refreshAll();
    });

    function refresh() {
      var list = load();
      var unsent = list.filter(function (entry) {
        return !entry.sent;
      }).length;
      heading.textContent = "Your " + noun + "s";
      count.textContent = list.length
        ? list.length + " " + noun + (list.length === 1 ? "" : "s") + " kept in this browser, " +
          (unsent ? unsent + " not sent yet." : "all sent.") + " Nothing leaves it until you send it."
        : "None yet. They stay in this browser until you send them.";
      if (mentor && document.activeElement !== nameInput) {
        nameInput.value = savedName();
      }
      shareButton.disabled = downloadButton.disabled = !list.length;
      clearButton.hidden = list.length === unsent;
      var name = mentor ? cleanName(nameInput.value || savedName()) : "";
      var text = list.length ? exportText(list, name) : "";
      var href = "mailto:?subject=" + encodeURIComponent(fileName()) + "&body=" + encodeURIComponent(text);
      mail.hidden = !list.length || href.length > MAILTO_LIMIT || (mentor && !name);
      mail.setAttribute("href", mail.hidden ? "#" : href);
    }
    panels.push(refresh);
    refresh();
    return box;
  }

  // ------------------------------------------------------------ mentor comments

  function commentSpot(section) {
    var spot = el("div", { class: "dossier-comments", "data-section": section.section });
    var list = el("ul", { class: "dossier-comments__list", "aria-label": "Your comments on " + section.label });
    var add = button("Comment on " + section.label, "dossier-comments__add");
    add.setAttribute("aria-expanded", "false");
    var form = el("form", { class: "dossier-comments__form", hidden: true });
    var nameInput = el("input", { type: "text", autocomplete: "name", maxlength: "80" });
    var nameField = field("Your name (asked once)", nameInput);
    var area = el("textarea", { rows: "5", maxlength: String(data.maxText) });
    var textField = field("Your comment on " + section.label, area);
    form.appendChild(nameField);
    form.appendChild(textField);
    form.appendChild(el("p", { class: "dossier-comments__hint" },
      "Kept in this browser, even offline, until you send your comments."));
    var save = el("button", { type: "submit", class: "md-button md-button--primary" }, "Save comment");
    var cancel = button("Cancel", "");
    var actions = el("p", { class: "dossier-comments__actions" });
    actions.appendChild(save);
    actions.appendChild(cancel);
    form.appendChild(actions);
    var status = el("p", { class: "dossier-comments__status", role: "status", "aria-live": "polite" });
    spot.appendChild(list);
    spot.appendChild(add);
    spot.appendChild(form);
    spot.appendChild(status);
    var editing = null;

    function open(entry) {
      editing = entry ? entry.id : null;
      status.textContent = "";
      area.value = entry ? entry.text : "";
      nameInput.value = savedName();
      nameField.hidden = !!savedName();
      nameInput.required = !savedName();
      save.textContent = entry ? "Save changes" : "Save comment";
      form.hidden = false;
      add.hidden = true;
      add.setAttribute("aria-expanded", "true");
      (nameField.hidden ? area : nameInput).focus();
    }

    function close() {
      form.hidden = true;
      add.hidden = false;
      add.setAttribute("aria-expanded", "false");
      editing = null;
    }

    add.addEventListener("click", function () {
      open(null);
    });
    cancel.addEventListener("click", function () {
      close();
      add.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = area.value.replace(/\r\n?/g, "\n").trim();
      if (!text) {
        status.textContent = "Type a comment first.";
        area.focus();
        return;
      }
      if (!nameField.hidden) {
        var name = cleanName(nameInput.value);
        if (!name) {
          status.textContent = "Type your name first: the owner sees who wrote each comment.";
          nameInput.focus();
          return;
        }
        rememberName(name);
      }
      var all = load();
      var found = all.filter(function (entry) {
        return entry.id === editing;
      })[0];
      if (found) {
        found.text = text;
        found.sent = "";
      } else {
        all.push({
          id: newId(),
          kind: "comment",
          dossier: data.dossier,
          section: section.section,
          label: section.label,
          text: text,
          date: today(),
        });
      }
      if (!store(all)) {
        status.textContent = "This browser would not keep the comment (storage full or blocked).";
        return;
      }
      status.textContent = found ? "Changes saved in this browser." : "Saved in this browser. Send it from \u201cYour comments\u201d.";
      close();
      refreshAll();
      add.focus();
    });

    function refresh() {
      list.textContent = "";
      var mine = load().filter(function (entry) {
        return entry.kind === "comment" && entry.dossier === data.dossier && entry.section === section.section;
      });
      list.hidden = !mine.length;
      mine.forEach(function (entry) {
        var item = el("li", { class: "dossier-comments__item" });
        item.appendChild(el("p", { class: "dossier-comments__text" }, entry.text));
        item.appendChild(el("p", { class: "dossier-comments__meta" },
          "Your comment, " + entry.date + (entry.sent ? ", sent" : ", not sent yet")));
        var edit = button("Edit", "", "Edit your comment on " + section.label);
        var remove = button("Delete", "", "Delete your comment on " + section.label);
        edit.addEventListener("click", function () {
          open(entry);
        });
        remove.addEventListener("click", function () {
          var before = load();
          store(before.filter(function (other) {
            return other.id !== entry.id;
          }));
          status.textContent = "Comment deleted.";
          refreshAll();
          add.focus();
        });
        var actions = el("p", { class: "dossier-comments__actions" });
        actions.appendChild(edit);
        actions.appendChild(remove);
        item.appendChild(actions);
        list.appendChild(item);
      });
    }
    panels.push(refresh);
    refresh();
    return spot;
  }

  // Where a section starts on this page: its heading, or the page title.
  function anchorFor(section, root) {
    for (var i = 0; i < section.headings.length; i++) {
      var heading = root.querySelector("#" + CSS.escape(section.headings[i]));
      if (heading && /^H[1-6]$/.test(heading.tagName)) {
        return heading;
      }
    }
    return null;
  }

  function topAnchor(root) {
    var h1 = root.querySelector("h1");
    var next = h1 ? h1.nextElementSibling : null;
    // Below the opportunity's tab bar, when there is one.
    return next && next.classList.contains("dossier-tabs") ? next : h1;
  }

  function placeComments(root) {
    if (!data.dossier) {
      if (!root.querySelector(".dossier-send")) {
        var top = topAnchor(root);
        var panel = sendPanel(
          "You can comment on this copy: open an opportunity and press \u201cComment on \u2026\u201d " +
            "under a section. Comments stay in this browser, even offline, until you send them here " +
            "or from the foot of any opportunity page."
        );
        if (top) {
          top.insertAdjacentElement("afterend", panel);
        } else {
          root.insertBefore(panel, root.firstChild);
        }
      }
      return;
    }
    var topSpots = [];
    data.sections.forEach(function (section) {
      if (root.querySelector('.dossier-comments[data-section="' + section.section + '"]')) {
        return;
      }
      var spot = commentSpot(section);
      var heading = anchorFor(section, root);
      if (heading) {
        heading.insertAdjacentElement("afterend", spot);
      } else {
        topSpots.push(spot);
      }
    });
    var top = topAnchor(root);
    topSpots.reverse().forEach(function (spot) {
      if (top) {
        top.insertAdjacentElement("afterend", spot);
      } else {
        root.insertBefore(spot, root.firstChild);
      }
    });
    if (!root.querySelector(".dossier-send")) {
      root.appendChild(sendPanel(""));
    }
  }

  // ------------------------------------------------------------ the owner's debrief

  function placeDebrief(root) {
    if (root.querySelector(".dossier-debrief")) {
      return;
    }
    var box = el("section", { class: "dossier-debrief", "aria-label": "Debrief" });
    var open = button("Debrief", "md-button--primary dossier-debrief__open");
    open.setAttribute("aria-expanded", "false");
    var form = el("form", { class: "dossier-comments__form", hidden: true });
    form.appendChild(el("p", { class: "dossier-comments__hint" },
      "Right after the interview, while you remember: kept in this browser, even offline, " +
        "until you send it to your computer."));
    var areas = {};
    data.parts.forEach(function (part) {
      var area = el("textarea", { rows: "3", maxlength: String(data.maxText) });
      areas[part.key] = area;
      form.appendChild(field(part.label, area));
    });
    var save = el("button", { type: "submit", class: "md-button md-button--primary" }, "Save debrief");
    var cancel = button("Cancel", "");
    var actions = el("p", { class: "dossier-comments__actions" });
    actions.appendChild(save);
    actions.appendChild(cancel);
    form.appendChild(actions);
    var list = el("ul", { class: "dossier-comments__list", "aria-label": "Your debriefs" });
    var status = el("p", { class: "dossier-comments__status", role: "status", "aria-live": "polite" });
    box.appendChild(open);
    box.appendChild(form);
    box.appendChild(status);
    box.appendChild(list);
    var editing = null;

    function show(entry) {
      editing = entry ? entry.id : null;
      data.parts.forEach(function (part) {
        areas[part.key].value = entry ? entry.parts[part.key] || "" : "";
      });
      form.hidden = false;
      open.hidden = true;
      open.setAttribute("aria-expanded", "true");
      areas[data.parts[0].key].focus();
    }

    function hide() {
      form.hidden = true;
      open.hidden = false;
      open.setAttribute("aria-expanded", "false");
      editing = null;
    }

    open.addEventListener("click", function () {
      show(null);
    });
    cancel.addEventListener("click", function () {
      hide();
      open.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var parts = {};
      var any = false;
      data.parts.forEach(function (part) {
        parts[part.key] = areas[part.key].value.replace(/\r\n?/g, "\n").trim();
        any = any || !!parts[part.key];
      });
      if (!any) {
        status.textContent = "Write at least one part first.";
        return;
      }
      var all = load();
      var found = all.filter(function (entry) {
        return entry.id === editing;
      })[0];
      if (found) {
        found.parts = parts;
        found.sent = "";
      } else {
        all.push({ id: newId(), kind: "debrief", dossier: data.dossier, section: "timeline", parts: parts, date: today() });
      }
      status.textContent = store(all) ? "Debrief saved in this browser." : "This browser would not keep it.";
      hide();
      refreshAll();
      open.focus();
    });

    function refresh() {
      list.textContent = "";
      var mine = load().filter(function (entry) {
        return entry.kind === "debrief" && entry.dossier === data.dossier;
      });
      list.hidden = !mine.length;
      mine.forEach(function (entry) {
        var item = el("li", { class: "dossier-comments__item" });
        item.appendChild(el("p", { class: "dossier-comments__text" }, debriefText(entry)));
        item.appendChild(el("p", { class: "dossier-comments__meta" },
          "Debrief of " + entry.date + (entry.sent ? ", sent" : ", not sent yet")));
        var edit = button("Edit", "", "Edit the debrief of " + entry.date);
        var remove = button("Delete", "", "Delete the debrief of " + entry.date);
        edit.addEventListener("click", function () {
          show(entry);
        });
        remove.addEventListener("click", function () {
          store(load().filter(function (other) {
            return other.id !== entry.id;
          }));
          status.textContent = "Debrief deleted.";
          refreshAll();
          open.focus();
        });
        var actions = el("p", { class: "dossier-comments__actions" });
        actions.appendChild(edit);
        actions.appendChild(remove);
        item.appendChild(actions);
        list.appendChild(item);
      });
    }
    panels.push(refresh);
    refresh();
    box.appendChild(sendPanel(""));
    var card = root.querySelector(".dossier-card");
    var anchor = card || topAnchor(root);
    if (anchor) {
      anchor.insertAdjacentElement("afterend", box);
    } else {
      root.appendChild(box);
    }
    // Loaded by a tap on the card's own "Debrief" button (debrief-on-demand.js):
    // this form takes its place, opened.
    var stubs = document.querySelectorAll(".dossier-debrief-stub");
    Array.prototype.forEach.call(stubs, function (stub) {
      stub.remove();
    });
    if (holder.getAttribute("data-open")) {
      holder.removeAttribute("data-open");
      show(null);
    }
  }

  // ------------------------------------------------------------ start

  function place() {
    var root = article();
    if (!root) {
      return;
    }
    // A protected page shows its text only once decrypted; wait for its headings.
    var locked = root.querySelector("#mkdocs-encrypted-content");
    if (locked && !locked.querySelector("h1, h2, h3")) {
      return;
    }
    if (data.mode === "debrief") {
      placeDebrief(root);
    } else {
      placeComments(root);
    }
  }

  // Another tab may have changed the comments: show them here too.
  window.addEventListener("storage", function (event) {
    if (event.key === STORE || event.key === NAME) {
      refreshAll();
    }
  });

  function start() {
    place();
    // A passphrase-protected share puts the page's text in only once decrypted.
    var root = article();
    if (root && window.MutationObserver) {
      new MutationObserver(function () {
        place();
      }).observe(root, { childList: true, subtree: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
