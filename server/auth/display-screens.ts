/**
 * The screens of each display token, for /admin: which app build each runs and when it was last
 * heard from — so an admin sees the kiosk in Оха still on last month's build, or silent since the
 * morning, and presses "reload now". A screen names itself with an id it keeps in its browser
 * (socket `auth.screen`), so a kiosk that reconnects is the same row; entries unheard of for 30
 * days are dropped, at most 50 per display are kept.
 */
import { SCREEN_ID, SCREEN_VERSION, type DisplayScreen } from '../../shared/display-layout.js';
import type { Keys } from '../store/keys.js';
import type { ObzorRedis } from '../store/redis-client.js';
import { slotPipeline } from '../store/slot-pipeline.js';

const KEEP_MS = 30 * 86_400_000;
const MAX_SCREENS = 50;

interface Stored {
  version?: string;
  address?: string;
  lastContact: number;
  /** the live socket, on some node; absent once it left */
  socketId?: string;
}

export interface ScreenHello {
  socketId: string;
  /** what the screen sent as `auth.screen` / `auth.version` (unchecked) */
  screen?: unknown;
  version?: unknown;
  address?: string;
}

/** The screen's row: its own id when it sent a valid one, else its connection's. */
export function screenKeyOf(hello: Pick<ScreenHello, 'screen' | 'socketId'>): string {
  return typeof hello.screen === 'string' && SCREEN_ID.test(hello.screen) ? hello.screen : hello.socketId;
}

export class DisplayScreens {
  constructor(
    private readonly redis: ObzorRedis,
    private readonly keys: Keys,
    private readonly clock: () => number = Date.now,
    /** a socket not confirmed for this long is not online (its node died) */
    private readonly staleMs = 90_000,
  ) {}

  private key(displayId: string) {
    return this.keys.auth(`display-screens:${displayId}`);
  }

  async connected(displayId: string, hello: ScreenHello): Promise<void> {
    const stored: Stored = {
      ...(typeof hello.version === 'string' && SCREEN_VERSION.test(hello.version) ? { version: hello.version } : {}),
      ...(hello.address ? { address: hello.address.slice(0, 64) } : {}),
      lastContact: this.clock(),
      socketId: hello.socketId,
    };
    await this.redis.hset(this.key(displayId), screenKeyOf(hello), JSON.stringify(stored));
  }

  /** Still there (this node's live screens, at each recheck). */
  async confirm(screens: readonly { displayId: string; screen: string; socketId: string }[]): Promise<void> {
    if (!screens.length) return;
    const now = this.clock();
    const read = slotPipeline(this.redis);
    for (const s of screens) read.hget(this.key(s.displayId), s.screen);
    const replies = (await read.exec()) ?? [];
    const write = slotPipeline(this.redis);
    screens.forEach((s, i) => {
      const prev = parse(replies[i]?.[1]);
      write.hset(this.key(s.displayId), s.screen, JSON.stringify({ ...prev, lastContact: now, socketId: s.socketId }));
    });
    await write.exec();
  }

  async disconnected(displayId: string, screen: string, socketId: string): Promise<void> {
    const prev = parse(await this.redis.hget(this.key(displayId), screen));
    // a newer connection of the same screen (a reconnect raced this) keeps its socket
    if (prev?.socketId !== undefined && prev.socketId !== socketId) return;
    const { socketId: _gone, ...rest } = prev ?? { lastContact: 0 };
    await this.redis.hset(this.key(displayId), screen, JSON.stringify({ ...rest, lastContact: this.clock() }));
  }

  /** The display's screens, newest contact first; forgets the long silent and the surplus. */
  async list(displayId: string): Promise<DisplayScreen[]> {
    const all = await this.redis.hgetall(this.key(displayId));
    const now = this.clock();
    const rows: DisplayScreen[] = [];
    const doomed: string[] = [];
    for (const [screen, raw] of Object.entries(all)) {
      const s = parse(raw);
      if (!s || now - s.lastContact > KEEP_MS) {
        doomed.push(screen);
        continue;
      }
      rows.push({ screen, ...(s.version ? { version: s.version } : {}), online: s.socketId !== undefined && now - s.lastContact <= this.staleMs, lastContact: s.lastContact, ...(s.address ? { address: s.address } : {}) });
    }
    rows.sort((a, b) => Number(b.online) - Number(a.online) || b.lastContact - a.lastContact);
    for (const r of rows.splice(MAX_SCREENS)) doomed.push(r.screen);
    if (doomed.length) await this.redis.hdel(this.key(displayId), ...doomed);
    return rows;
  }
}

function parse(raw: unknown): Stored | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const s = JSON.parse(raw) as Stored;
    return typeof s.lastContact === 'number' ? s : undefined;
  } catch {
    return undefined;
  }
}
