/*
 * Dossier: a small Web Worker stand-in for pages opened from a file (file://).
 *
 * Browsers refuse to start a Worker from a file:// page, and Material's search
 * runs in one. On file:// only, this replaces `window.Worker` with a class that
 * runs the worker script in a hidden iframe of the same page: messages go in as
 * "message" events on the iframe's window, and the script's `postMessage` comes
 * back as "message" events on the worker object. `importScripts` returns a
 * Promise (Material's search awaits it). Everything stays on the device.
 *
 * Material loads its own copy of such a shim from a CDN unless one of
 * `extra.polyfills` names "iframe-worker": this file's name does, so that copy is
 * never fetched. Written for this project; no third-party code.
 */
(function () {
  "use strict";

  if (location.protocol !== "file:" || window.IFrameWorker) {
    return;
  }

  function copy(data) {
    // A real worker receives a structured clone, never the sender's own object.
    return typeof structuredClone === "function" ? structuredClone(data) : data;
  }

  function IFrameWorker(url) {
    var target = new EventTarget();
    var worker = this;
    this.onmessage = null;
    this.onerror = null;
    this._target = target;
    this._url = String(url);

    var iframe = document.createElement("iframe");
    iframe.hidden = true;
    iframe.setAttribute("aria-hidden", "true");
    iframe.tabIndex = -1;
    (document.body || document.documentElement).appendChild(iframe);
    this._iframe = iframe;

    // about:blank shares this page's origin, so its window can be set up directly.
    var scope = iframe.contentWindow;
    var doc = scope.document;

    scope.postMessage = function (data) {
      var clone = copy(data);
      setTimeout(function () {
        worker._emit(new MessageEvent("message", { data: clone }));
      }, 0);
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (ready, src) {
        return ready.then(function () {
          return new Promise(function (resolve, reject) {
            var script = doc.createElement("script");
            script.src = new URL(src, worker._url).href;
            script.onload = function () {
              resolve();
            };
            script.onerror = function () {
              reject(new Error("importScripts: could not load " + script.src));
            };
            doc.body.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
    scope.close = function () {
      worker.terminate();
    };
    scope.addEventListener("error", function (event) {
      worker._emit(
        new ErrorEvent("error", {
          message: event.message,
          filename: event.filename,
          lineno: event.lineno,
          colno: event.colno,
          error: event.error,
        }),
      );
    });

    if (!doc.body) {
      doc.documentElement.appendChild(doc.createElement("body"));
    }
    // The worker script must be the first script with a src in the iframe:
    // Material's search worker finds its own location that way.
    this._ready = new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = worker._url;
      script.onload = resolve;
      script.onerror = function () {
        var event = new ErrorEvent("error", {
          message: "Worker script could not be loaded: " + worker._url,
          filename: worker._url,
        });
        worker._emit(event);
        reject(event);
      };
      doc.body.appendChild(script);
    });
  }

  IFrameWorker.prototype.addEventListener = function (type, listener, options) {
    this._target.addEventListener(type, listener, options);
  };

  IFrameWorker.prototype.removeEventListener = function (type, listener, options) {
    this._target.removeEventListener(type, listener, options);
  };

  IFrameWorker.prototype.dispatchEvent = function (event) {
    return this._target.dispatchEvent(event);
  };

  IFrameWorker.prototype._emit = function (event) {
    var handler = event.type === "message" ? this.onmessage : this.onerror;
    if (typeof handler === "function") {
      handler.call(this, event);
    }
    this._target.dispatchEvent(event);
  };

  IFrameWorker.prototype.postMessage = function (data) {
    var iframe = this._iframe;
    var clone = copy(data);
    this._ready.then(
      function () {
        var scope = iframe.contentWindow;
        if (scope) {
          scope.dispatchEvent(new scope.MessageEvent("message", { data: clone }));
        }
      },
      function () {
        /* the load error was already reported as an "error" event */
      },
    );
  };

  IFrameWorker.prototype.terminate = function () {
    if (this._iframe) {
      this._iframe.remove();
      this._iframe = null;
    }
  };

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
