// The scanner's service worker: keeps the app shell (page, styles, scripts, icons, the QR decoder,
// the Ed25519 library for browsers without it in WebCrypto) so the scanner opens, and checks badges,
// with no network at all. Files are served from the cache at once and refreshed from the network
// behind it, so a new version arrives with the next load. API calls are never touched: their answers
// must be the server's, and the queue in IndexedDB handles offline.

// Bumped with APP_VERSION (state-report.js) whenever the shell changes.
const CACHE = 'expo-scanner-shell-v10';
const SHELL = [
  '/scan/',
  '/scan/app.js',
  '/scan/badge-check.js',
  '/scan/camera.js',
  '/scan/invitation.js',
  '/scan/lookup.js',
  '/scan/messages.js',
  '/scan/qualify.js',
  '/scan/queue.js',
  '/scan/state-report.js',
  '/scan/uploader.js',
  '/scan/waiting.js',
  '/scan/walkin.js',
  '/scan/scan.css',
  '/scan/manifest.webmanifest',
  '/scan/icons/icon.svg',
  '/scan/icons/icon-192.png',
  '/scan/icons/icon-512.png',
  '/shared/api.js',
  '/shared/dom.js',
  '/shared/field-messages.js',
  '/shared/forms.js',
  '/shared/i18n.js',
  '/shared/messages.js',
  '/shared/refusals.js',
  '/shared/session.js',
  '/shared/vendor/noble-ed25519/index.js',
  '/shared/base.css',
  '/webjars/html5-qrcode/third_party/zxing-js.umd.min.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  // The page is one document whatever its address: /scan/, /scan/index.html or with a query.
  const key = event.request.mode === 'navigate' ? '/scan/' : url.pathname;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(key);
    const fresh = fetch(event.request).then((response) => {
      if (response.ok && SHELL.includes(key)) {
        cache.put(key, response.clone());
      }
      return response;
    });
    if (cached) {
      fresh.catch(() => undefined);
      return cached;
    }
    return fresh;
  }));
});
