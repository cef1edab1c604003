// Reflect's service worker: keeps the app's own files so it opens without a connection. It never
// stores a person's data: requests to /v1/ and /auth/ are not touched and go to the network as
// they are (entries made offline wait in the page's IndexedDB outbox, not here).
//
// The server fills in the version (a hash of every file) and the list of files, so a new
// deployment is one new cache, taken over as a whole.
'use strict';

const VERSION = "__REFLECT_VERSION__";
const SHELL = [/* __REFLECT_SHELL__ */];
const CACHE = 'reflect-shell-' + VERSION;
const PROGRESS_CACHE = 'reflect-progress-page';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names
      .filter((name) => name.startsWith('reflect-shell-') && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

function isPersonal(url) {
  return url.pathname.startsWith('/v1/') || url.pathname.startsWith('/auth/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || isPersonal(url)) {
    return;
  }
  // The progress page belongs to the query service: fresh when online, the last copy when not.
  if (url.pathname.startsWith('/progress/')) {
    event.respondWith(fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(PROGRESS_CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((hit) => hit || Response.error())));
    return;
  }
  // The app: any page of it (a sign-in's ?code= included) is the one page at /.
  const key = request.mode === 'navigate' ? '/' : url.pathname;
  if (request.mode === 'navigate' || SHELL.includes(url.pathname)) {
    event.respondWith(caches.open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(request)));
  }
});
