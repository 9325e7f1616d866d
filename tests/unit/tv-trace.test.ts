import { describe, expect, it } from 'vitest';
import { UPDATE_MARK, updateCosts, type TraceEvent } from '../../bench/tv-trace.js';

const main = { pid: 1, tid: 1 };
const task = (ts: number, dur: number, name = 'ThreadControllerImpl::RunTask'): TraceEvent => ({ ...main, name, ph: 'X', ts, dur });
const inside = (name: string, ts: number, dur?: number): TraceEvent => ({ ...main, name, ph: dur === undefined ? 'I' : 'X', ts, ...(dur === undefined ? {} : { dur }) });

describe('the TV step reads each update’s work off the trace', () => {
  it('counts the tasks that received, inflated and parsed an update and the frame after it, not the clock’s tick between', () => {
    const events: TraceEvent[] = [
      // update 1: the socket frame in one task, the parse in a microtask checkpoint outside it
      task(1000, 2000),
      inside('WebSocketReceive', 1100),
      task(3500, 4000, 'BlinkScheduler_PerformMicrotaskCheckpoint'),
      inside(UPDATE_MARK, 3600),
      // a clock tick: not the update's
      task(8000, 3000),
      inside('TimerFire', 8100, 2000),
      // its frame
      task(12_000, 5000),
      inside('Layout', 12_100, 1000),
      inside('Paint', 13_200, 1000),
      // update 2: all in one task, no frame before the trace ends
      task(20_000, 1500),
      inside('WebSocketReceive', 20_010),
      inside(UPDATE_MARK, 20_500),
      // another thread's events are not the page's
      { pid: 2, tid: 2, name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 3550, dur: 90_000 },
    ];
    expect(updateCosts(events)).toEqual([
      { scriptMs: 6, renderMs: 5 },
      { scriptMs: 1.5, renderMs: 0 },
    ]);
  });

  it('has nothing to say without marks', () => {
    expect(updateCosts([task(0, 10)])).toEqual([]);
  });
});
