import net from 'node:net';

/**
 * A loopback TCP proxy in front of a real server: close() makes the server unreachable
 * to whoever connects through the proxy (refused connections, cut sockets), open() brings it back.
 */
export interface TcpProxy {
  port: number;
  close(): Promise<void>;
  open(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ port: targetPort, host: targetHost });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    const destroyBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', destroyBoth);
    upstream.on('close', destroyBoth);
  });
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    open: async () => {
      await listen(port);
    },
  };
}
