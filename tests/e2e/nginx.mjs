// Serves a built dist/ with Debian's nginx and the repository's hosting recipe
// (hosting/nginx/*.conf, the files docs/hosting.md tells operators to use), on a loopback port,
// proxying /identity/ and /image/ to the test cloud. The main configuration here plays the
// part of the operator's nginx.conf and server block: paths, the port and the upstreams.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const NGINX = process.env.GP_NGINX || '/usr/sbin/nginx';
const BROTLI = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** A free loopback port (the kernel picks it; nginx binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on the port. */
function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts nginx; resolves to { url, close, brotli, log }. `identity` and `image` are the
 * upstreams' http://host:port; `apiOrigins` goes into the CSP's connect-src (cross-origin).
 */
export async function serveWithNginx({ dist, identity, image, apiOrigins = '', port: fixedPort }) {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-nginx-'));
  // Started by root, nginx's workers would run as nobody and could not read a dist/ under a
  // private directory (a clone in `mktemp -d`, mode 0700: every page answered 500); they run
  // as the test's own user instead, as the operator's nginx.conf would choose its own.
  fs.chmodSync(prefix, 0o755);
  const port = fixedPort || await freePort();
  const brotli = fs.existsSync(BROTLI);
  const host = (url) => new URL(url).host;
  const conf = `
${brotli ? `load_module ${BROTLI};` : ''}
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log ${prefix}/access.log;
    client_body_temp_path ${prefix}/client_body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;

    include ${ROOT}/hosting/nginx/glance-portal.http.conf;

    upstream glance_portal_keystone { server ${host(identity)}; }
    upstream glance_portal_glance { server ${host(image)}; }

    server {
        listen 127.0.0.1:${port};
        server_name localhost;
        root ${dist};
        set $glance_portal_api_origins "${apiOrigins}";
        include ${ROOT}/hosting/nginx/glance-portal.conf;
        ${brotli ? `include ${ROOT}/hosting/nginx/glance-portal.brotli.conf;` : ''}
    }
}
`;
  const confPath = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confPath, conf);
  const child = spawn(NGINX, ['-p', prefix, '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const log = () => {
    const file = path.join(prefix, 'error.log');
    return stderr + (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    brotli,
    log,
    /** Stops nginx by its pid (SIGQUIT: graceful) and waits for it to exit. */
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

// `node tests/e2e/nginx.mjs <dist> <keystone-url> <glance-url>` serves dist/ for a manual look.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist, identity, image] = process.argv.slice(2);
  serveWithNginx({ dist: path.resolve(dist), identity, image })
    .then(({ url }) => console.log(`serving ${dist} at ${url} (Ctrl-C to stop)`));
}
