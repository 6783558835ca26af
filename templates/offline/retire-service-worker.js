/*
 * Written by `mkdocs serve` in place of the dossier service worker. A browser that
 * kept a service worker from a built copy on this address would otherwise go on
 * showing that old copy instead of the pages being edited: this one removes the
 * site's caches, unregisters itself and reloads the open pages.
 */
"use strict";

const ROOT = new URL("./", self.location.href);
const CACHE_PREFIX = "dossier:" + ROOT.pathname + ":";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.registration.unregister())
      .then(() => self.clients.matchAll({ type: "window" }))
      .then((windows) => windows.forEach((client) => client.navigate(client.url))),
  );
});
