/**
 * Browser sessions: an httpOnly, SameSite=Strict cookie whose data lives in Redis, so any
 * node can serve any request. Idle sessions expire after the configured hours.
 */
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Role } from '../../shared/roles.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { RedisSessionStore } from './redis-session-store.js';
import { newSecret } from './secret-tokens.js';

declare module 'express-session' {
  interface SessionData {
    user?: { login: string; role: Role; sites: string[] };
    csrf?: string;
  }
}

export const SESSION_COOKIE = 'obzor.sid';

/** One secret for all nodes: from config, or created once in Redis (SET NX) and shared. */
export async function sessionSecret(redis: ObzorRedis, keys: Keys, configured?: string): Promise<string> {
  if (configured) return configured;
  await redis.set(keys.auth('session-secret'), newSecret(), 'NX');
  return (await redis.get(keys.auth('session-secret')))!;
}

export interface SessionSetup {
  middleware: RequestHandler;
  store: RedisSessionStore;
}

export function createSessions(redis: ObzorRedis, keys: Keys, secret: string, ttlSec: number, secure: 'auto' | 'on' | 'off'): SessionSetup {
  const store = new RedisSessionStore(redis, keys, ttlSec);
  const middleware = session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // no `proxy` option: secure 'auto' follows req.secure, i.e. Express's `trust proxy` (OBZOR_TRUST_PROXY),
    // so an untrusted peer cannot claim HTTPS with X-Forwarded-Proto
    cookie: { httpOnly: true, sameSite: 'strict', secure: secure === 'auto' ? 'auto' : secure === 'on', maxAge: ttlSec * 1000, path: '/' },
  });
  return { middleware, store };
}
