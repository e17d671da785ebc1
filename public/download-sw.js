// The portal's download service worker (src/state/browser_downloads.rs is its other half).
//
// In a browser without showSaveFilePicker (Firefox, Safari), a download larger than memory
// goes to the browser's own downloads: the page fetches the image (resuming with Range,
// hashing in its workers) and hands each chunk here; this worker answers a download
// navigation under its scope with a stream of those chunks, which the browser writes to disk.
// Its scope is /__gp_download/ only: it controls no page of the portal and sees no other
// request.
//
// Messages from the page, each one an event that keeps this worker alive while a long
// download runs:
//   { type: 'open', id, name, size } with a MessagePort: a download is about to be navigated to
//   { type: 'chunk', id, bytes }   an ArrayBuffer, transferred
//   { type: 'end', id }            all bytes sent
//   { type: 'abort', id, reason }  the page stopped: the browser drops the partial file
// Replies on the port: 'opened', 'started' (the browser asked for the file), 'ack' (a chunk
// was taken by the browser, another may come), 'cancelled' (the user cancelled it in the
// browser's downloads).
'use strict';

/** How many chunks the stream holds before the page is asked to wait. */
const HIGH_WATER_MARK = 16;

/** Downloads announced by the page and not yet navigated to, by id. */
const announced = new Map();
/** Downloads under way: their stream's controller and the port to the page, by id. */
const running = new Map();

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'open') {
    const port = event.ports[0];
    if (!port || typeof data.id !== 'string') return;
    announced.set(data.id, { port, name: String(data.name || 'download'), size: data.size });
    port.postMessage({ type: 'opened' });
    return;
  }
  const download = running.get(data.id);
  if (!download) return;
  if (data.type === 'chunk') {
    download.controller.enqueue(new Uint8Array(data.bytes));
    if (download.controller.desiredSize > 0) download.port.postMessage({ type: 'ack' });
    else download.owed += 1;
  } else if (data.type === 'end') {
    running.delete(data.id);
    download.controller.close();
  } else if (data.type === 'abort') {
    running.delete(data.id);
    download.controller.error(new Error(String(data.reason || 'the download was stopped')));
  }
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const match = url.pathname.match(/^\/__gp_download\/([0-9a-z]+)$/);
  if (!match || !announced.has(match[1])) return;
  const id = match[1];
  const { port, name, size } = announced.get(id);
  announced.delete(id);
  const download = { port, controller: null, owed: 0 };
  const stream = new ReadableStream({
    start(controller) {
      download.controller = controller;
      running.set(id, download);
      port.postMessage({ type: 'started' });
    },
    pull() {
      if (download.owed > 0) {
        download.owed -= 1;
        port.postMessage({ type: 'ack' });
      }
    },
    cancel() {
      running.delete(id);
      port.postMessage({ type: 'cancelled' });
    },
  }, new CountQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }));
  const headers = new Headers({
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
  });
  if (Number.isSafeInteger(size) && size >= 0) headers.set('Content-Length', String(size));
  event.respondWith(new Response(stream, { headers }));
});
