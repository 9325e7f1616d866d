/**
 * Asterisk Manager Interface framing, pure (no sockets): text in, messages out.
 *
 * The protocol: on connect the server sends one banner line (`Asterisk Call Manager/5.0.1`),
 * then messages made of `Key: Value` lines ended by CRLF, each message ended by an empty
 * line. Bytes arrive in arbitrary pieces (a message may be split anywhere, even inside CRLF);
 * bare LF is accepted too. Keys are matched case-insensitively (Asterisk versions differ:
 * `Uniqueid` / `UniqueID`), so message fields are stored with lower-case keys.
 */

export interface AmiMessage {
  /** lower-case key → value (a repeated key keeps every value, joined by `\n`) */
  readonly fields: Readonly<Record<string, string>>;
}

export type AmiFrame = { kind: 'banner'; text: string; version: string } | { kind: 'message'; message: AmiMessage };

const BANNER = /^Asterisk Call Manager\/(\S+)/;

export class AmiFramer {
  private buffer = '';
  private lines: string[] = [];
  private bannerDone = false;
  private bytesInMessage = 0;

  constructor(private readonly maxMessageBytes = 1024 * 1024) {}

  /** forget everything (a new connection) */
  reset(): void {
    this.buffer = '';
    this.lines = [];
    this.bannerDone = false;
    this.bytesInMessage = 0;
  }

  /** true while part of a message has been received but not its end */
  get midMessage(): boolean {
    return this.lines.length > 0 || this.buffer.length > 0;
  }

  push(chunk: string): AmiFrame[] {
    const out: AmiFrame[] = [];
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.line(line, out);
    }
    if (this.buffer.length + this.bytesInMessage > this.maxMessageBytes) {
      // a peer that never ends its message: drop it rather than grow without bound
      this.buffer = '';
      this.lines = [];
      this.bytesInMessage = 0;
    }
    return out;
  }

  private line(line: string, out: AmiFrame[]): void {
    if (!this.bannerDone) {
      this.bannerDone = true;
      const m = BANNER.exec(line);
      if (m) {
        out.push({ kind: 'banner', text: line, version: m[1]! });
        return;
      }
    }
    if (line === '') {
      if (this.lines.length) out.push({ kind: 'message', message: { fields: toFields(this.lines) } });
      this.lines = [];
      this.bytesInMessage = 0;
      return;
    }
    this.lines.push(line);
    this.bytesInMessage += line.length + 2;
  }
}

function toFields(lines: readonly string[]): Record<string, string> {
  // keys come from the wire: no prototype, so `constructor:` or `__proto__:` is just a field
  const fields = Object.create(null) as Record<string, string>;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // command output or noise inside a message: not a field
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).replace(/^ /, '').trimEnd();
    fields[key] = key in fields ? `${fields[key]}\n${value}` : value;
  }
  return fields;
}

/** `Key: Value\r\n…\r\n\r\n`; refuses line breaks in keys or values (no header injection) */
export function formatAction(fields: Readonly<Record<string, string>>): string {
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (!/^[A-Za-z0-9_-]+$/.test(k)) throw new Error(`AMI action key ${JSON.stringify(k)} is not a plain word`);
    if (/[\r\n]/.test(v)) throw new Error(`AMI action field ${k} contains a line break`);
    out += `${k}: ${v}\r\n`;
  }
  return `${out}\r\n`;
}
