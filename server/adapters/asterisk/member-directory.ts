/**
 * Which queue member interface a member name belongs to (`Иван Петров` ↔ `Local/1001@agents/n`).
 *
 * With Asterisk's default `log_membername_as_agent = no`, queue_log names a member by its
 * interface in ADDMEMBER/REMOVEMEMBER and by its member name in CONNECT, COMPLETE*, PAUSE and
 * RINGNOANSWER; AMI gives both in every member event (`Interface` + `MemberName`, QueueStatus's
 * `Location` + `Name`). Learning the pairs lets both forms map to one agent id (the interface's),
 * so one operator is one agent on the wall. Pure; the server keeps it in Redis (per site) so a
 * queue_log follower or an import of the same PBX uses what the AMI feed learned.
 */
export interface MemberPair {
  name: string;
  iface: string;
}

export class MemberDirectory {
  private readonly byName = new Map<string, string>();
  private changed: MemberPair[] = [];

  constructor(pairs: Iterable<MemberPair> = []) {
    for (const p of pairs) this.byName.set(p.name, p.iface);
  }

  /** records a pair seen in an event; true when it is new or changed */
  learn(name: string | undefined, iface: string | undefined): boolean {
    const n = name?.trim() ?? '';
    const i = iface?.trim() ?? '';
    // a member without a name is named by its interface: nothing to pair
    if (!n || !i || n === i || !i.includes('/') || n.toUpperCase() === 'NONE') return false;
    if (this.byName.get(n) === i) return false;
    this.byName.set(n, i);
    this.changed.push({ name: n, iface: i });
    return true;
  }

  interfaceOf(name: string): string | undefined {
    return this.byName.get(name.trim());
  }

  /** adds pairs learned elsewhere (another feed, the store) without reporting them as changes */
  merge(pairs: Iterable<MemberPair>): void {
    for (const p of pairs) this.byName.set(p.name, p.iface);
  }

  get size(): number {
    return this.byName.size;
  }

  pairs(): MemberPair[] {
    return [...this.byName].map(([name, iface]) => ({ name, iface }));
  }

  /** pairs learned since the last call, for whoever persists them */
  takeChanges(): MemberPair[] {
    const out = this.changed;
    this.changed = [];
    return out;
  }
}
