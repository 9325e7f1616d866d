import { pino, type Logger } from 'pino';

/** Personal data and secrets never reach the logs in clear (N6). */
export const REDACT_PATHS = [
  'client',
  '*.client',
  'events[*].client',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'secret',
  '*.secret',
  'password',
  '*.password',
];

export function createLogger(level: string, name = 'obzor'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
