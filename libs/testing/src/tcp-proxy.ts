import net from 'node:net';

/**
 * A loopback TCP proxy in front of a real server. close() cuts the link: the connections
 * through the proxy are dropped and new ones are reset as soon as they arrive, so whoever
 * connects through it finds the server unreachable; open() brings it back. The proxy keeps
 * its port while cut (nothing else can take it during a long outage); stop() releases it.
 */
export interface TcpProxy {
  port: number;
  close(): Promise<void>;
  open(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
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
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
  const dropAll = (): void => {
    cut = true;
    for (const s of sockets) s.destroy();
  };
  return {
    port,
    close: async () => dropAll(),
    open: async () => {
      cut = false;
    },
    stop: () =>
      new Promise((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
