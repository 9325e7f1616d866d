import bcrypt from 'bcryptjs';

/** bcrypt cost 12 ≈ 0.25 s in pure JS: slow for guessing, fine for a login. */
export const BCRYPT_COST = 12;
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** so that a wrong login costs as much time as a wrong password */
export const DUMMY_HASH = bcrypt.hashSync('obzor-dummy-password', 4);
