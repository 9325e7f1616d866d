/**
 * The test's own AMI connection to the real Asterisk (user `driver`, read + write): it places
 * calls, adds and pauses members, transfers, and waits for what the PBX says happened — a
 * test waits for PBX events, never for time to pass.
 */
import { connect, type Socket } from 'node:net';
import { AmiFramer, formatAction, type AmiMessage } from '../../server/adapters/asterisk/ami-framing.js';

export type Fields = Readonly<Record<string, string>>;

export class AmiDriver {
  readonly events: Fields[] = [];
  private readonly framer = new AmiFramer();
  private socket!: Socket;
  private seq = 0;
  private readonly replies = new Map<string, { done: (m: Fields[]) => void; list: boolean; got: Fields[] }>();
  private readonly waiters: { pred: (e: Fields) => boolean; done: (e: Fields) => void; from: number }[] = [];

  static async open(port: number, username = 'driver', secret = 'driver-secret'): Promise<AmiDriver> {
    const d = new AmiDriver();
    await new Promise<void>((resolve, reject) => {
      d.socket = connect({ host: '127.0.0.1', port }, () => resolve());
      d.socket.once('error', reject);
    });
    d.socket.setEncoding('utf8');
    d.socket.on('data', (chunk: string) => {
      for (const f of d.framer.push(chunk)) if (f.kind === 'message') d.onMessage(f.message);
    });
    const r = await d.action({ Action: 'Login', Username: username, Secret: secret, Events: 'on' });
    if (r.response?.toLowerCase() !== 'success') throw new Error(`driver login: ${JSON.stringify(r)}`);
    return d;
  }

  private onMessage(m: AmiMessage): void {
    const f = m.fields;
    const pending = f.actionid ? this.replies.get(f.actionid) : undefined;
    if (pending) {
      pending.got.push(f);
      const ended = !pending.list || (f.eventlist ?? '').toLowerCase() === 'complete' || (f.response ?? '').toLowerCase() === 'error';
      if (ended) {
        this.replies.delete(f.actionid!);
        pending.done(pending.got);
      }
      return;
    }
    if (f.event === undefined) return;
    this.events.push(f);
    for (const w of [...this.waiters]) {
      if (w.pred(f)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.done(f);
      }
    }
  }

  /** one action; its response */
  async action(fields: Record<string, string>): Promise<Fields> {
    return (await this.send(fields, false))[0]!;
  }

  /** a list action (QueueStatus, CoreShowChannels): the response and every item up to the Complete event */
  list(fields: Record<string, string>): Promise<Fields[]> {
    return this.send(fields, true);
  }

  private send(fields: Record<string, string>, list: boolean): Promise<Fields[]> {
    const id = `drv-${++this.seq}`;
    return new Promise((done) => {
      this.replies.set(id, { done, list, got: [] });
      this.socket.write(formatAction({ ...fields, ActionID: id }));
    });
  }

  /**
   * The first event matching `pred` from event number `from` on (default: every event since
   * the login — predicates name a caller's uniqueid); rejects after `timeoutMs` naming what
   * was awaited.
   */
  waitEvent(what: string, pred: (e: Fields) => boolean, timeoutMs = 60_000, from = 0): Promise<Fields> {
    const seen = this.events.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for the PBX: ${what}`)), timeoutMs);
      this.waiters.push({
        pred,
        from,
        done: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  close(): void {
    this.socket.end(formatAction({ Action: 'Logoff', ActionID: 'drv-bye' }));
    this.socket.destroy();
  }
}
