import { passwordPool } from './password-pool.js';

/** bcrypt cost 12 ≈ 0.25 s in pure JS (in a worker thread, password-pool.ts): slow for guessing, fine for a login. */
export const BCRYPT_COST = 12;
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return passwordPool.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return passwordPool.verify(password, hash);
}
