/*
 * Dossier: load search only when the reader opens it.
 *
 * Material starts its search worker and fetches the whole search index as soon as
 * a page loads (for search-term highlighting too). The index grows with every
 * dossier; most page views never search. Loaded in <head> before Material's
 * bundle, this script holds back, until the search box is opened or focused:
 *   - the search worker (and, on file://, the iframe stand-in that runs it),
 *   - the index request: search_index.json over http(s), search_index.js on file://.
 * Then everything goes ahead as Material wrote it. A page reached from a search
 * result (`?h=term`) loads search at once, for the highlighting.
 * On file:// only, opening search first loads our iframe-worker shim (next to this
 * file), which runs the worker where browsers refuse a real one; over http(s) the
 * shim is never loaded.
 * Written for this project; no third-party code.
 */
(function () {
  "use strict";

  var INDEX = /(^|\/)search\/search_index\.js(on)?(\?|#|$)/;
  var WORKER = /(^|\/)workers\/search\.[^/]*\.js(\?|#|$)/;
  var SHIM = "iframe-worker-shim.js";
  var opened = false;
  var ready = false;
  var waiting = [];
  var me = document.currentScript;
  var head = document.head;
  var append = head && head.appendChild;

  function whenOpen(run) {
    if (ready) {
      run();
    } else {
      waiting.push(run);
    }
  }

  function goAhead() {
    ready = true;
    var runs = waiting;
    waiting = [];
    runs.forEach(function (run) {
      run();
    });
  }

  function open() {
    if (opened) {
      return;
    }
    opened = true;
    if (location.protocol !== "file:" || window.IFrameWorker || !me || !me.src || !head) {
      goAhead();
      return;
    }
    // From a file: the shim first, so the held-back worker starts in an iframe.
    var shim = document.createElement("script");
    shim.src = new URL(SHIM, me.src).href;
    shim.onload = shim.onerror = goAhead;
    append.call(head, shim);
  }

  // Search folds accents and case: "Inigo" finds "Íñigo", "Zoë" finds "Zoe".
  // Lunr compares words as they are written, so the pages and the query are
  // handed to the worker folded: each page that holds a letter outside ASCII gets
  // a folded copy of its title and text as extra fields (the results still show
  // the original), and each query is folded before it is run.
  var MARKS = /[\u0300-\u036f]/g;
  var LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th" };
  var SPECIAL = /[ßæœøđðłıþ]/g;
  var WIDE = /[^\x00-\x7f]/;
  var FOLDED = { title: "folded_title", text: "folded_text" };

  function fold(text) {
    return String(text)
      .toLowerCase()
      .normalize("NFD")
      .replace(MARKS, "")
      .replace(SPECIAL, function (letter) {
        return LETTERS[letter];
      });
  }

  function foldedMessage(message) {
    var data = message && message.data;
    if (typeof data === "string") {
      // A query.
      return { type: message.type, data: fold(data) };
    }
    if (!data || !Array.isArray(data.docs) || !data.config || !data.config.fields) {
      return message;
    }
    // The index: the folded fields weigh what the originals weigh.
    var fields = {};
    Object.keys(data.config.fields).forEach(function (name) {
      fields[name] = data.config.fields[name];
    });
    Object.keys(FOLDED).forEach(function (name) {
      fields[FOLDED[name]] = data.config.fields[name] || {};
    });
    var docs = data.docs.map(function (doc) {
      var copy = null;
      Object.keys(FOLDED).forEach(function (name) {
        var value = doc[name];
        if (typeof value === "string" && WIDE.test(value)) {
          copy = copy || Object.assign({}, doc);
          copy[FOLDED[name]] = fold(value);
        }
      });
      return copy || doc;
    });
    var config = Object.assign({}, data.config, { fields: fields });
    return { type: message.type, data: Object.assign({}, data, { config: config, docs: docs }) };
  }

  // The worker: a stand-in that keeps listeners and messages until search opens.
  var RealWorker = window.Worker;
  if (typeof RealWorker === "function") {
    var LaterWorker = function (url, options) {
      if (!WORKER.test(String(url))) {
        return new RealWorker(url, options);
      }
      var self = this;
      var calls = [];
      this.onmessage = null;
      this.onerror = null;
      this._real = null;
      this._calls = calls;
      whenOpen(function () {
        // On file://, the shim loaded by open() is the worker that can run here.
        var Real = window.IFrameWorker || RealWorker;
        var real = new Real(url, options);
        self._real = real;
        real.onmessage = function (event) {
          if (typeof self.onmessage === "function") {
            self.onmessage.call(self, event);
          }
        };
        real.onerror = function (event) {
          if (typeof self.onerror === "function") {
            self.onerror.call(self, event);
          }
        };
        calls.forEach(function (call) {
          real[call[0]].apply(real, call[1]);
        });
        calls.length = 0;
      });
    };
    ["addEventListener", "removeEventListener", "postMessage", "terminate"].forEach(
      function (name) {
        LaterWorker.prototype[name] = function () {
          var args = Array.prototype.slice.call(arguments);
          if (name === "postMessage") {
            args[0] = foldedMessage(args[0]);
          }
          if (this._real) {
            return this._real[name].apply(this._real, args);
          }
          this._calls.push([name, args]);
        };
      },
    );
    LaterWorker.prototype.dispatchEvent = function (event) {
      return this._real ? this._real.dispatchEvent(event) : false;
    };
    window.Worker = LaterWorker;
  }

  // The index over http(s): Material requests it with XMLHttpRequest.
  var xhr = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (xhr) {
    var xhrOpen = xhr.open;
    var xhrSend = xhr.send;
    xhr.open = function (method, url) {
      this._dossierIndex = INDEX.test(String(url));
      return xhrOpen.apply(this, arguments);
    };
    xhr.send = function () {
      var request = this;
      var args = arguments;
      if (!request._dossierIndex) {
        return xhrSend.apply(request, args);
      }
      whenOpen(function () {
        xhrSend.apply(request, args);
      });
    };
  }

  // The index on file://: Material adds a <script src=".../search_index.js"> to <head>.
  if (head) {
    head.appendChild = function (node) {
      if (node && node.tagName === "SCRIPT" && INDEX.test(node.getAttribute("src") || "")) {
        whenOpen(function () {
          append.call(head, node);
        });
        return node;
      }
      return append.call(this, node);
    };
  }

  // Opening search: the header's search button, a tap or focus on the box, or a
  // keyboard shortcut (which focuses the box).
  function watch() {
    var toggle = document.getElementById("__search");
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) {
          open();
        }
      });
    }
    document.addEventListener(
      "focusin",
      function (event) {
        var target = event.target;
        if (target && target.closest && target.closest(".md-search")) {
          open();
        }
      },
      true,
    );
    // A head start: the finger is on the search button before the click lands.
    document.addEventListener(
      "pointerdown",
      function (event) {
        var target = event.target;
        if (target && target.closest && target.closest("label[for='__search'], .md-search")) {
          open();
        }
      },
      true,
    );
  }

  var highlight = true;
  try {
    highlight = !!new URL(location.href).searchParams.get("h");
  } catch (e) {
    /* an address URL cannot read: load search, as Material would */
  }
  if (highlight) {
    open();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
