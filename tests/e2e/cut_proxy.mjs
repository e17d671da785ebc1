// A TCP proxy for fault tests: it stands between the portal's nginx and an upstream (Glance)
// and, while a cut is armed, destroys the connection of a matching request after a given
// number of its body bytes went through — a proxy or link dying mid-upload — or, once, after
// a given number of the answer's body bytes came back — a link dying mid-download. Everything
// else is passed through byte for byte. nginx opens one upstream connection per request (the
// recipe's upstream has no `keepalive`), so the first request head on a connection decides.
import net from 'node:net';

/**
 * Starts the proxy on a free loopback port in front of `upstream` (http://host:port).
 * Resolves to { url, cutAfter(match, bytes), cutAnswerOnceAfter(match, bytes), pass(), cuts,
 * heads, close() }: `cutAfter` arms a cut for requests whose "METHOD path" matches `match` (a
 * RegExp), after `bytes` body bytes; `cutAnswerOnceAfter` cuts the answer to the next such
 * request after `bytes` of its body (`holdAnswerOnceAfter` holds the rest back until
 * `release()`; `held()` counts answers held); `pass()` disarms both; `cuts` lists what was cut
 * ({ request, at, answer }), `heads` every request that came ({ request, range }).
 */
export async function startCutProxy(upstream) {
  const target = new URL(upstream);
  let rule = null;
  let answerRule = null;
  const held = [];
  const cuts = [];
  const heads = [];
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
    // A cut of the answer, armed by this connection's request: { left, request } once the
    // answer's head has passed.
    let answerCut = null;
    let answerHead = Buffer.alloc(0);
    let answerBody = false;
    server.on('data', (c) => {
      if (severed) return;
      if (!answerCut) {
        client.write(c);
        return;
      }
      if (!answerBody) {
        answerHead = Buffer.concat([answerHead, c]);
        const end = answerHead.indexOf('\r\n\r\n');
        if (end < 0) return;
        answerBody = true;
        client.write(answerHead.subarray(0, end + 4));
        c = answerHead.subarray(end + 4);
      }
      if (answerCut.held) {
        answerCut.held.push(c);
        return;
      }
      const take = Math.min(answerCut.left, c.length);
      if (take > 0) client.write(c.subarray(0, take));
      answerCut.left -= take;
      if (answerCut.left === 0 && answerCut.hold) {
        // Held, not cut: the rest waits until the test releases it.
        const cut = answerCut;
        cut.held = [c.subarray(take)];
        held.push(() => {
          for (const part of cut.held) client.write(part);
          answerCut = null;
        });
        return;
      }
      if (answerCut.left === 0) {
        // Nothing more goes through; the connection drops a moment later, as a stalled link
        // does. At once, the browser could error the body's stream before the page read what
        // had already arrived (an errored stream drops its queue), and nothing would be kept.
        severed = true;
        cuts.push({ request: answerCut.request, at: answerCut.at, answer: true });
        setTimeout(() => { client.resetAndDestroy(); server.destroy(); }, 500);
      }
    });
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
        const headText = head.subarray(0, end).toString('latin1');
        const range = /^range:\s*(.*)$/im.exec(headText)?.[1] ?? null;
        heads.push({ request, range });
        if (rule && rule.match.test(request)) cut = { left: rule.bytes, at: rule.bytes, request };
        if (answerRule && answerRule.match.test(request)) {
          answerCut = { left: answerRule.bytes, at: answerRule.bytes, request, hold: answerRule.hold };
          answerRule = null;
        }
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
    heads,
    cutAfter: (match, bytes) => { rule = { match, bytes }; },
    cutAnswerOnceAfter: (match, bytes) => { answerRule = { match, bytes }; },
    holdAnswerOnceAfter: (match, bytes) => { answerRule = { match, bytes, hold: true }; },
    held: () => held.length,
    release: () => { for (const go of held.splice(0)) go(); },
    pass: () => { rule = null; answerRule = null; },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(resolve);
    }),
  };
}
