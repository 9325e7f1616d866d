/**
 * The TV step's own figure (issue 19 item 3: "script + layout + paint time per update"), read off
 * Chromium's trace rather than timed in the page: the page marks each update as it parses it
 * (`performance.mark(UPDATE_MARK)`); the update's cost is the main-thread task that holds the mark
 * (socket frame, inflate, patch, Vue's re-render) plus the rendering task of the frame after it
 * (rAF callbacks, style, layout, pre-paint, paint, layerize). Timing it in the page instead counts
 * the wait behind other tasks (the clock's tick, the next socket frame) as the update's cost — that
 * is latency, reported beside it, not work.
 */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

export interface UpdateCost {
  /** the task that parsed and applied the update (ms) */
  scriptMs: number;
  /** the next frame's rendering task (ms); 0 when no frame followed before the next update */
  renderMs: number;
}

export const UPDATE_MARK = 'obzor-tv-update';
/** the trace categories the analysis needs: tasks, their timeline children, user timing marks */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing'];

/** what the main thread runs at top level: tasks, and microtask checkpoints outside a task (a promise settled by a stream) */
const UNIT_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
/** what a unit of an update's own script holds: its socket frame, its inflate (a wall before fflate inflated in stream tasks of their own), its parse (the mark) */
const UPDATE_PARTS = new Set(['WebSocketReceive', 'DecompressionStream Inflate', UPDATE_MARK]);
const RENDER_NAMES = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize']);

interface Unit {
  end: number;
  ms: number;
  /** it parsed an update (holds the mark) */
  marked: boolean;
  /** it received, inflated or parsed an update */
  updating: boolean;
  /** it rendered a frame */
  rendering: boolean;
}

/** The cost of each marked update, in the order of the marks. */
export function updateCosts(events: readonly TraceEvent[]): UpdateCost[] {
  const marks = events.filter((e) => e.name === UPDATE_MARK && e.ph !== 'M');
  if (!marks.length) return [];
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const main = thread(marks[0]!);
  const mine = events.filter((e) => thread(e) === main).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const units: Unit[] = [];
  for (const e of mine) {
    const last = units[units.length - 1];
    if (last && e.ts < last.end) {
      // inside the unit before: what it holds
      last.marked ||= e.name === UPDATE_MARK;
      last.updating ||= UPDATE_PARTS.has(e.name);
      last.rendering ||= RENDER_NAMES.has(e.name);
    } else if (e.ph === 'X' && e.dur !== undefined && UNIT_NAMES.has(e.name)) {
      units.push({ end: e.ts + e.dur, ms: e.dur / 1000, marked: false, updating: false, rendering: false });
    }
  }
  const out: UpdateCost[] = [];
  let from = 0;
  units.forEach((u, i) => {
    if (!u.marked) return;
    // the units since the update before that received, inflated or parsed this one
    const scriptMs = units.slice(from, i + 1).reduce((sum, x) => sum + (x.updating ? x.ms : 0), 0);
    from = i + 1;
    // the first rendering after it, before the next update
    const next = units.slice(i + 1).find((x) => x.marked || x.rendering);
    const renderMs = next && !next.marked ? next.ms : 0;
    out.push({ scriptMs, renderMs });
  });
  return out;
}
