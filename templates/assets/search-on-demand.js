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
 * shim is never loaded. Opening search also loads `search-fold.js` (next to this
 * file), which folds accents and case out of the pages and the query on their way
 * to the worker; without it, search still works, accent by accent.
 * Written for this project; no third-party code.
 */
(function () {
  "use strict";

  var INDEX = /(^|\/)search\/search_index\.js(on)?(\?|#|$)/;
  var WORKER = /(^|\/)workers\/search\.[^/]*\.js(\?|#|$)/;
  var SHIM = "iframe-worker-shim.js";
  var FOLD = "search-fold.js";
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
    if (!me || !me.src || !head) {
      goAhead();
      return;
    }
    var names = [FOLD];
    // From a file: the shim too, so the held-back worker starts in an iframe.
    if (location.protocol === "file:" && !window.IFrameWorker) {
      names.push(SHIM);
    }
    var left = names.length;
    names.forEach(function (name) {
      var script = document.createElement("script");
      script.src = new URL(name, me.src).href;
      script.onload = script.onerror = function () {
        left -= 1;
        if (left === 0) {
          goAhead();
        }
      };
      append.call(head, script);
    });
  }

  // Pages and queries on their way to the search worker, accents and case folded.
  function folded(name, args) {
    var fold = window.dossierSearchFold;
    if (name !== "postMessage" || typeof fold !== "function") {
      return args;
    }
    return [fold(args[0])].concat(args.slice(1));
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
          real[call[0]].apply(real, folded(call[0], call[1]));
        });
        calls.length = 0;
      });
    };
    ["addEventListener", "removeEventListener", "postMessage", "terminate"].forEach(
      function (name) {
        LaterWorker.prototype[name] = function () {
          var args = Array.prototype.slice.call(arguments);
          if (this._real) {
            return this._real[name].apply(this._real, folded(name, args));
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
