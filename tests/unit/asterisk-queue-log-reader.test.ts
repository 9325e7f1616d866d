import { describe, expect, it } from 'vitest';
import { LineSplitter, type ReadLine } from '../../server/adapters/asterisk/queue-log-reader.js';

const text = 'a|1\r\nбукв|2\n\nlast|3\npartial';

function splitAt(cuts: number[]): { lines: ReadLine[]; s: LineSplitter } {
  const bytes = Buffer.from(text);
  const s = new LineSplitter();
  const lines: ReadLine[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    lines.push(...s.push(bytes.subarray(prev, c)));
    prev = c;
  }
  return { lines, s };
}

describe('queue_log line splitter', () => {
  it('gives the same lines, numbers and offsets wherever the chunks are cut (even inside a UTF-8 letter)', () => {
    const whole = splitAt([]);
    expect(whole.lines).toEqual([
      { lineNo: 1, text: 'a|1', endOffset: 5 },
      { lineNo: 2, text: 'букв|2', endOffset: 16 },
      { lineNo: 3, text: '', endOffset: 17 },
      { lineNo: 4, text: 'last|3', endOffset: 24 },
    ]);
    const n = Buffer.byteLength(text);
    for (let i = 1; i < n; i++) {
      for (const j of [i + 1, i + 3]) {
        if (j >= n) continue;
        expect(splitAt([i, j]).lines, `cut at ${i},${j}`).toEqual(whole.lines);
      }
    }
  });

  it('keeps a partial last line until its newline arrives', () => {
    const { s } = splitAt([]);
    expect(s.partial).toEqual({ lineNo: 5, bytes: 7 });
    expect(s.push(Buffer.from('|4'))).toEqual([]);
    expect(s.push(Buffer.from('\n'))).toEqual([{ lineNo: 5, text: 'partial|4', endOffset: 34 }]);
    expect(s.partial).toBeNull();
  });

  it('flushes a partial line when the file is complete, and resumes at a saved position', () => {
    const s = new LineSplitter({ offset: 100, lineNo: 9 });
    expect(s.push(Buffer.from('x|1\ny'))).toEqual([{ lineNo: 10, text: 'x|1', endOffset: 104 }]);
    expect(s.flush()).toEqual({ lineNo: 11, text: 'y', endOffset: 105 });
    expect(s.flush()).toBeNull();
  });

  it('cuts an endless line instead of holding it all', () => {
    const s = new LineSplitter({ offset: 0, lineNo: 0 }, 8);
    expect(s.push(Buffer.from('0123456789abcdef'))).toEqual([]);
    const [line] = s.push(Buffer.from('ghij\nok\n'));
    expect(line).toEqual({ lineNo: 1, text: '01234567', endOffset: 21, truncated: true });
    expect(s.push(Buffer.from(''))).toEqual([]);
  });
});
