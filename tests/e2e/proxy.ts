import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A counting pass-through in front of the real server: lets a test prove that a reload
// with the network off reached the server with no request at all.
export interface CountingProxy {
  url: string;
  port: number;
  requests: string[];
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number, host = '127.0.0.1'): Promise<CountingProxy> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
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
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
