/* Comeback service worker: the pages she last loaded keep working with no network.
   Pages: network first (with a timeout for a basement's weak signal), the last copy when
   the network fails. Static files: from the cache of this version. Nothing is posted from
   here: what she logs offline is kept and sent by offline.js (IndexedDB), through the forms. */
"use strict";
var VERSION = "__VERSION__";
var STATIC = "comeback-static-" + VERSION;
var PAGES = "comeback-pages";
var ASSETS = ["/static/app.css", "/static/app.js", "/static/offline.js", "/static/icon.svg", "/static/icon-192.png",
  "/manifest.webmanifest", "/triage.json"];
var PAGE_PATHS = /^\/(today|checkin|check|wrong|stop\/[a-z_]+|learn(\/[a-z0-9-]+)?|progress|triage\.json)?$/;
var SLOW_MS = 4000;  // on a weak signal, show the saved copy after 4 s rather than wait

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("comeback-static-") === 0 && k !== STATIC; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    caches.open(PAGES).then(function (c) { c.put(request, copy); });
  }
  return response;
}

function saved(request) {  // this exact page, else the same page without its query
  return caches.match(request).then(function (hit) {
    return hit || caches.match(new URL(request.url).pathname);
  });
}

function offlinePage() {
  var html = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" ' +
    'content="width=device-width, initial-scale=1"><title>Offline · Comeback</title>' +
    '<link rel="stylesheet" href="/static/app.css"><main id="main"><h1>No network</h1>' +
    "<p>This page was not saved on this phone. Your session is: " +
    '<a href="/today">open Today</a>. Anything you log is kept on the phone and sent later.</p>' +
    "<p>If something feels wrong and you are in danger, call your emergency number now.</p></main></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function networkFirst(request) {
  return new Promise(function (resolve) {
    var done = false;
    function answer(r) { if (!done) { done = true; resolve(r); } }
    var slow = setTimeout(function () {  // only this very page: never an older one instead
      caches.match(request).then(function (hit) { if (hit) answer(hit); });
    }, SLOW_MS);
    fetch(request).then(function (response) {
      clearTimeout(slow);
      answer(keep(request, response));
    }, function () {
      clearTimeout(slow);
      saved(request).then(function (hit) {
        answer(hit || (request.mode === "navigate" ? offlinePage() : Response.error()));
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/logout") {
    event.waitUntil(caches.delete(PAGES));  // her pages leave the phone with her
    return;
  }
  if (request.method !== "GET") return;
  if (PAGE_PATHS.test(url.pathname) || url.pathname.indexOf("/today/follow/") === 0) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest") {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});

// offline.js asks, while online, for the pages she may need offline (today's follow-along
// pages, the check-in, the stop screens) to be fetched and kept now.
self.addEventListener("message", function (event) {
  var urls = event.data && event.data.warm;
  if (!Array.isArray(urls)) return;
  event.waitUntil(Promise.all(urls.filter(function (u) { return typeof u === "string" && u[0] === "/"; })
    .map(function (u) {
      var request = new Request(u, { credentials: "same-origin" });
      return fetch(request).then(function (r) { return keep(request, r); }, function () {});
    })));
});
