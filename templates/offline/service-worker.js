/*
 * Dossier service worker: keeps a hosted copy of this site readable offline.
 *
 * The build puts CACHE_VERSION (a hash of the built files) and PRECACHE (every
 * built file a page may need, relative to this script) above this comment.
 * Nothing is sent anywhere: it only reads this site's own files.
 */
"use strict";

// The folder this script lives in: the site's root, wherever the site is hosted.
const ROOT = new URL("./", self.location.href);
// Cache Storage is shared by the whole origin: name caches by site root, so two
// sites on one host never delete each other's copy.
const CACHE_PREFIX = "dossier:" + ROOT.pathname + ":";
const CACHE_NAME = CACHE_PREFIX + CACHE_VERSION;
const NOT_FOUND = new URL("404.html", ROOT).href;

// "dir/" and "dir/index.html" are one page; "?h=term" (search highlight) too.
function cacheKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/")) {
    key.pathname += "index.html";
  }
  return key.href;
}

// A response that followed a redirect cannot answer a navigation: store a clean copy.
async function storable(response) {
  if (!response.redirected) {
    return response;
  }
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function precache() {
  const cache = await caches.open(CACHE_NAME);
  await Promise.all(
    PRECACHE.map(async (path) => {
      const url = new URL(path, ROOT).href;
      // Skip the HTTP cache: a new build must never keep an old file.
      const response = await fetch(url, { cache: "reload" });
      if (!response.ok) {
        throw new Error("precache: " + url + " answered " + response.status);
      }
      await cache.put(url, await storable(response));
    }),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function answer(request) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(cacheKey(request.url));
  if (cached) {
    return cached;
  }
  try {
    // Not part of this build: the network decides, including a real 404.
    return await fetch(request);
  } catch (error) {
    // Offline and unknown: say so with the site's own 404 page, never with a 200.
    const missing = request.mode === "navigate" ? await cache.match(NOT_FOUND) : undefined;
    if (missing) {
      // 404.html links relative to the site root; here it answers for a deeper URL.
      const html = (await missing.text()).replace(
        "<head>",
        '<head><base href="' + ROOT.href + '">',
      );
      const headers = new Headers(missing.headers);
      headers.delete("content-length");
      return new Response(html, { status: 404, statusText: "Not Found", headers });
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT.href)) {
    return;
  }
  event.respondWith(answer(request));
});
