/**
 * Lean push (issue 19): what each room of a site is sent — the change since its last update
 * (shared/site-patch.ts), or the whole state when the room's screens cannot have the update before
 * (this node did not send it: it just took the flush lease, or a sequence number was skipped),
 * every FULL_STATE_EVERY updates or FULL_STATE_EVERY_MS, whichever comes first, and when the patch
 * would not be much smaller than the state. The whole state now and then is what sets right a
 * screen whose base was not exactly the server's: a snapshot read between two pushes holds what
 * arrived after the first, and a patch cannot remove what it never saw (a call queued and gone
 * between two pushes). Lives on the node that flushes; its memory is one view per site and audience.
 */
import type { SiteState } from '../../shared/snapshot.js';
import type { SiteUpdate } from '../../shared/socket.js';
import { diffObject } from '../../shared/site-patch.js';

/** ≈ every 15 s at the fastest push cadence (150 ms) */
export const FULL_STATE_EVERY = 100;
/** and at least this often at a quiet site (one update per 15 s): the longest a screen on a wrong base can stay wrong */
export const FULL_STATE_EVERY_MS = 30_000;
/** a patch is sent only when it is smaller than this share of the whole state */
const PATCH_WORTH = 0.5;

interface Sent {
  seq: number;
  view: SiteState;
  sinceFull: number;
  /** when the last whole state went to the room */
  fullAt: number;
  /** JSON size of the last whole state sent to the room (as `{state}`) */
  fullBytes: number;
}

export interface EncodedUpdate {
  update: SiteUpdate;
  /** the JSON of its body (`{patch}` or `{state}`), made once: its size decides, and packing deflates it */
  body: string;
}

export class UpdateEncoder {
  private readonly sent = new Map<string, Sent>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly fullEvery = FULL_STATE_EVERY,
    private readonly fullEveryMs = FULL_STATE_EVERY_MS,
  ) {}

  /** The update for `room` carrying `view` as update `seq` of its site. */
  encode(room: string, view: SiteState, seq: number, serverTime: number): EncodedUpdate {
    const head = { site: view.site, seq, serverTime };
    const prev = this.sent.get(room);
    const now = this.clock();
    if (prev && prev.seq === seq - 1 && prev.sinceFull + 1 < this.fullEvery && now - prev.fullAt < this.fullEveryMs) {
      const patch = diffObject(prev.view, view) ?? {};
      const body = JSON.stringify({ patch });
      if (body.length < prev.fullBytes * PATCH_WORTH) {
        this.sent.set(room, { seq, view, sinceFull: prev.sinceFull + 1, fullBytes: prev.fullBytes, fullAt: prev.fullAt });
        return { update: { ...head, patch }, body };
      }
    }
    const body = JSON.stringify({ state: view });
    this.sent.set(room, { seq, view, sinceFull: 0, fullBytes: body.length, fullAt: now });
    return { update: { ...head, state: view }, body };
  }
}
