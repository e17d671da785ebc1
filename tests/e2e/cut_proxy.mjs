// A TCP proxy for fault tests: it stands between the portal's nginx and an upstream (Glance)
// and, while a cut is armed, destroys the connection of a matching request after a given
// number of its body bytes went through — a proxy or link dying mid-upload. Everything else
// is passed through byte for byte. nginx opens one upstream connection per request (the
// recipe's upstream has no `keepalive`), so the first request head on a connection decides.
import net from 'node:net';

/**
 * Starts the proxy on a free loopback port in front of `upstream` (http://host:port).
 * Resolves to { url, cutAfter(match, bytes), pass(), cuts, close() }: `cutAfter` arms a cut
 * for requests whose "METHOD path" matches `match` (a RegExp), after `bytes` body bytes;
 * `pass()` disarms it; `cuts` lists what was cut ({ request, at }).
 */
export async function startCutProxy(upstream) {
  const target = new URL(upstream);
  let rule = null;
  const cuts = [];
  const sockets = new Set();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const server = net.connect(Number(target.port), target.hostname);
    sockets.add(server);
    server.on('close', () => sockets.delete(server));
    const kill = () => { client.destroy(); server.destroy(); };
    client.on('error', kill);
    server.on('error', kill);
    let severed = false;
    server.on('data', (c) => { if (!severed) client.write(c); });
    server.on('end', () => client.end());
    client.on('end', () => server.end());
    // Until the head is complete: buffered. Then either piped, or counted and cut.
    let head = Buffer.alloc(0);
    let cut = null; // { left, request } once this connection's request is to be cut
    let decided = false;
    client.on('data', (chunk) => {
      if (!decided) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        decided = true;
        const request = head.subarray(0, head.indexOf('\r\n')).toString('latin1').split(' ').slice(0, 2).join(' ');
        if (rule && rule.match.test(request)) cut = { left: rule.bytes, at: rule.bytes, request };
        const headBytes = head.subarray(0, end + 4);
        server.write(headBytes);
        chunk = head.subarray(end + 4);
        if (chunk.length === 0) return;
      }
      if (severed) return;
      if (!cut) {
        server.write(chunk);
        return;
      }
      const take = Math.min(cut.left, chunk.length);
      if (take > 0) server.write(chunk.subarray(0, take));
      cut.left -= take;
      if (cut.left === 0) {
        // nginx's side is reset at once (it never hears Glance's answer); Glance's side
        // gets the forwarded bytes first, so it really received N of them, then the reset.
        severed = true;
        cuts.push({ request: cut.request, at: cut.at });
        client.resetAndDestroy();
        server.end(() => setTimeout(() => server.destroy(), 50));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    cuts,
    cutAfter: (match, bytes) => { rule = { match, bytes }; },
    pass: () => { rule = null; },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(resolve);
    }),
  };
}
