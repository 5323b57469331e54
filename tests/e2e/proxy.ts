import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A counting pass-through in front of the real server. It lets a test prove that a reload
// with the network off reached the server with no request at all, and cut one path for
// every requester: Playwright's context.route() does not see the service worker's own
// fetches, so only a cut in front of the server holds the worker's Background Sync back too.
export interface CountingProxy {
  url: string;
  port: number;
  requests: string[];
  /** Requests whose path matches are dropped as a network failure (the socket is destroyed). */
  block(pattern: RegExp | null): void;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number, host = '127.0.0.1'): Promise<CountingProxy> {
  const requests: string[] = [];
  let blocked: RegExp | null = null;
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (blocked && blocked.test(req.url ?? '')) {
      req.socket.destroy();
      return;
    }
    const upstream = http.request(
      { host, port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    requests,
    block: (pattern) => { blocked = pattern; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
