/*
 * Dossier: on a hosted copy (http or https), install the service worker that keeps
 * every page of this build readable offline. Never on file://, where browsers have
 * no service workers. The worker sits at the site root, two folders above this
 * file, so its scope is the site root even when the site lives in a sub-path.
 */
(function () {
  "use strict";

  if (!/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) {
    return;
  }
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var worker = new URL("../../sw.js", script.src);

  function register() {
    navigator.serviceWorker.register(worker.href).catch(function () {
      /* no service worker: the site still works online */
    });
  }

  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register);
  }
})();
