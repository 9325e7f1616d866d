/**
 * Caps the TCP connections one remote address holds open at once — HTTP requests, polling and
 * WebSocket screens alike — so one host cannot take the node's sockets and memory; the excess is
 * closed as it is accepted. Loopback is not counted: a reverse proxy on this host carries
 * everyone's connections (limit per client there, e.g. nginx `limit_conn`), and the bench
 * opens thousands of sockets from 127.0.0.1.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** `::ffff:10.0.0.5` and `10.0.0.5` are one address */
const normalized = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address);

export interface ConnectionCapOptions {
  /** count loopback too (tests) */
  countLoopback?: boolean;
  onRefused?: (address: string) => void;
}

/** `limit` 0: no cap. */
export function capConnectionsPerAddress(server: Server, limit: number, opts: ConnectionCapOptions = {}): void {
  if (limit <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    if (!socket.remoteAddress) return;
    const address = normalized(socket.remoteAddress);
    if (!opts.countLoopback && isLoopback(address)) return;
    const held = open.get(address) ?? 0;
    if (held >= limit) {
      opts.onRefused?.(address);
      socket.destroy();
      return;
    }
    open.set(address, held + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
