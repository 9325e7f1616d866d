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

/** `pretty`: one readable line per entry in local time, for a person at a terminal; else JSON for collectors */
export function createLogger(level: string, name = 'obzor', format: 'json' | 'pretty' = 'json'): Logger {
  const redact = { paths: REDACT_PATHS, censor: '[redacted]' };
  if (format === 'json') return pino({ name, level, redact });
  return pino({ name, level, redact, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', singleLine: true } } });
}

/** LOG_FORMAT=auto: pretty when stdout is a terminal */
export function logFormat(setting: 'auto' | 'json' | 'pretty', isTty = process.stdout.isTTY === true): 'json' | 'pretty' {
  return setting === 'auto' ? (isTty ? 'pretty' : 'json') : setting;
}
