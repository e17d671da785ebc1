// Serves a built dist/ the way the README's nginx recipe does: static files, index.html for
// every route the client-side router owns, and same-origin reverse proxies for Keystone
// (/identity/) and Glance (/image/). Bodies stream in both directions (multi-GiB uploads).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** Starts the server; resolves to { url, close }. */
export function serve({ dist, port = 0, identity, image }) {
  const proxies = [['/identity/', new URL(identity)], ['/image/', new URL(image)]];
  const server = http.createServer((req, res) => {
    for (const [prefix, backend] of proxies) {
      if (req.url.startsWith(prefix)) {
        // agent: false = one upstream connection per request, as nginx's proxy_pass does by
        // default. Node's global agent keeps sockets alive, gunicorn closes idle ones after
        // 2 s, and a request sent on a socket closing under it fails with "socket hang up".
        const upstream = http.request({
          agent: false,
          host: backend.hostname, port: backend.port, method: req.method,
          path: backend.pathname.replace(/\/$/, '') + '/' + req.url.slice(prefix.length),
          headers: { ...req.headers, host: backend.host },
        }, (up) => { res.writeHead(up.statusCode, up.headers); up.pipe(res); });
        upstream.on('error', (e) => {
          if (!res.headersSent) res.writeHead(502);
          res.end(String(e));
        });
        // A client that gives up (a cancelled upload) must not leave the upstream request
        // waiting for the rest of its body, as nginx would not either.
        res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
        req.pipe(upstream);
        return;
      }
    }
    const clean = decodeURIComponent(req.url.split('?')[0]);
    let file = path.join(dist, path.normalize(clean).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(dist, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
  }));
}

// `node serve.mjs <dist> <port> <keystone-root> <glance-root>` for manual runs.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist, port, identity, image] = process.argv.slice(2);
  serve({ dist: path.resolve(dist), port: Number(port), identity, image })
    .then(({ url }) => console.log(`serving ${dist} at ${url}`));
}
