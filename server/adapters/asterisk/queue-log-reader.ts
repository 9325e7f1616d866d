/**
 * Byte chunks → complete lines, each with its number and the byte offset just past its
 * newline (what a follower saves as its position). A last line without its newline is kept
 * until the newline arrives: Asterisk may be in the middle of writing it.
 * Splitting happens on the 0x0A byte, so a UTF-8 character cut between chunks is never torn.
 */

/** longer lines are cut to this and reported malformed: no queue_log line is near it, a runaway write is */
export const MAX_LINE_BYTES = 64 * 1024;

export interface ReadLine {
  /** 1-based within the file */
  lineNo: number;
  /** without `\n` / `\r\n` */
  text: string;
  /** byte offset just past this line's newline */
  endOffset: number;
  /** the line was longer than maxLineBytes; `text` holds only its start */
  truncated?: boolean;
}

export interface SplitterStart {
  offset: number;
  lineNo: number;
}

export class LineSplitter {
  private parts: Buffer[] = [];
  /** bytes of the pending line read so far, and how many of them are kept */
  private partBytes = 0;
  private heldBytes = 0;
  private overflow = false;
  private offset: number;
  private lineNo: number;

  constructor(
    start: SplitterStart = { offset: 0, lineNo: 0 },
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.offset = start.offset;
    this.lineNo = start.lineNo;
  }

  /** the unterminated line waiting for its end, if any */
  get partial(): { lineNo: number; bytes: number } | null {
    return this.partBytes > 0 || this.overflow ? { lineNo: this.lineNo + 1, bytes: this.partBytes } : null;
  }

  push(chunk: Buffer): ReadLine[] {
    const out: ReadLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      this.keep(chunk.subarray(start, nl));
      out.push(this.emit(1));
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return out;
  }

  /** the pending partial line as a final line (the file will not grow any more), or null */
  flush(): ReadLine | null {
    if (this.partBytes === 0 && !this.overflow) return null;
    return this.emit(0);
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    const room = this.maxLineBytes - this.heldBytes;
    const kept = piece.length > room ? piece.subarray(0, Math.max(0, room)) : piece;
    if (kept.length < piece.length) this.overflow = true;
    if (kept.length) this.parts.push(Buffer.from(kept));
    this.heldBytes += kept.length;
    this.partBytes += piece.length;
  }

  private emit(newlineBytes: number): ReadLine {
    const text = Buffer.concat(this.parts).toString('utf8').replace(/\r$/, '');
    this.offset += this.partBytes + newlineBytes;
    this.lineNo += 1;
    const line: ReadLine = { lineNo: this.lineNo, text, endOffset: this.offset, ...(this.overflow ? { truncated: true } : {}) };
    this.parts = [];
    this.partBytes = 0;
    this.heldBytes = 0;
    this.overflow = false;
    return line;
  }
}
