/**
 * Every Socket.IO connection is authenticated like an HTTP request: a wall's display token in
 * `auth.token`, or the browser session cookie. The origin is checked at the HTTP upgrade, since
 * CORS does not protect WebSockets.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../shared/socket.js';
import { SOCKET_UNAUTHORIZED, SOCKET_UNAVAILABLE } from '../../shared/socket.js';
import type { DisplayTokenStore } from './display-tokens.js';
import type { UserStore } from './user-store.js';
import type { SessionData } from 'express-session';

type AuthSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Browsers always send Origin on a WebSocket; non-browser clients (PBX tools, tests) send none. */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function socketAuth(displays: DisplayTokenStore, users: UserStore) {
  return async (socket: AuthSocket, next: (err?: Error) => void): Promise<void> => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string' && token) {
        const d = await displays.verify(token);
        if (!d) return next(new Error(SOCKET_UNAUTHORIZED));
        socket.data.role = 'wall';
        socket.data.sites = d.sites;
        socket.data.displayId = d.id;
        return next();
      }
      const req = socket.request as IncomingMessage & { session?: SessionData & { id?: string }; sessionID?: string };
      const login = req.session?.user?.login;
      const user = login ? await users.get(login) : null;
      if (!user) return next(new Error(SOCKET_UNAUTHORIZED));
      socket.data.role = user.role;
      socket.data.sites = user.sites;
      socket.data.login = user.login;
      if (req.sessionID) socket.data.sessionId = req.sessionID;
      next();
    } catch {
      // a Redis blip must not tell a wall it is refused: it would show "not authorised" on the TV
      next(new Error(SOCKET_UNAVAILABLE));
    }
  };
}
