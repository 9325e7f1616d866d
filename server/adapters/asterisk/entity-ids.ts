/**
 * Asterisk names → contract entity ids (their syntax: shared/entity-id.ts).
 *
 * Agents: the queue_log `agent` field and AMI `MemberName`/`Interface` name the same person
 * in several forms (`Agent/1127`, `Local/1127@callback-agent`, `SIP/1127`,
 * `PJSIP/1127-0000002a`, `hint:1127@default`, or a display name such as `Paty Marin`).
 * All of them map to one stable id (`1127`, `paty-marin`), so every event of one operator
 * lands on the same agent. Names with other characters are transliterated (Cyrillic → Latin)
 * and slugified; a name that leaves nothing usable gets a hash-based id.
 */
import { createHash } from 'node:crypto';
import { isEntityId } from '../../../shared/entity-id.js';


const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
  і: 'i', ї: 'i', є: 'ie', ґ: 'g',
};

/** lower-case, transliterated, every run of other characters → `-`; may return '' */
export function slugify(name: string): string {
  const latin = [...name.toLowerCase()].map((c) => CYRILLIC[c] ?? c).join('');
  return latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, '');
}

/** the name itself when it is already a valid id, else its slug, else `x-<hash>` */
export function toEntityId(raw: string): string {
  const s = raw.trim();
  if (isEntityId(s)) return s;
  const slug = slugify(s);
  if (slug) return slug;
  return `x-${createHash('sha1').update(s).digest('hex').slice(0, 12)}`;
}

/** channel technologies whose prefix is not part of who the operator is */
const TECH = /^(?:SIP|PJSIP|IAX2?|DAHDI|Zap|H323|OOH323|Skinny|SCCP|MGCP|UNISTIM|Console|Motif|WebRTC|USTM|Dongle)\/(.+)$/i;

/** undefined for `NONE`/empty (no member on that line) */
export function agentIdOf(member: string, agentMap?: Readonly<Record<string, string>>): string | undefined {
  const m = member.trim();
  if (!m || m.toUpperCase() === 'NONE') return undefined;
  const mapped = agentMap?.[m];
  if (mapped !== undefined) return toEntityId(mapped);
  let s = m;
  let r: RegExpExecArray | null;
  if ((r = /^Agent\/(.+)$/i.exec(s))) s = r[1]!;
  else if ((r = /^Local\/([^@/]+)(?:@[^/]*)?(?:\/.*)?$/i.exec(s))) s = r[1]!;
  else if ((r = /^hint:([^@]+)(?:@.*)?$/i.exec(s))) s = r[1]!;
  else if ((r = TECH.exec(s))) {
    // a channel name (PJSIP/101-0000002a;1) names the same endpoint as its interface
    s = r[1]!.replace(/;\d+$/, '').replace(/-[0-9a-f]{8}$/i, '');
  }
  return toEntityId(s);
}

/** Asterisk queue name → Obzor queue id (through the configured map first) */
export function queueIdOf(queue: string, queueMap?: Readonly<Record<string, string>>): string {
  const q = queue.trim();
  return toEntityId(queueMap?.[q] ?? q);
}

/** the caller channel's uniqueid is the call id; a prefix keeps several PBXs apart */
export function callIdOf(uniqueId: string, prefix = ''): string | undefined {
  const u = uniqueId.trim();
  if (!u || /^(NONE|REALTIME|MANAGER)$/i.test(u)) return undefined;
  const id = `${prefix}${u}`;
  return isEntityId(id) ? id : toEntityId(id);
}

/** what names a queue member: its interface when known (the stable part), else its name */
export interface MemberNames {
  interfaceOf(name: string): string | undefined;
}

/**
 * One id for one operator whichever form an event names them by: `agentMap` first (for the raw
 * name, then the interface), then the interface (`Local/1001@agents/n` → `1001`), then the
 * interface the directory knows for the name, then the name itself (`Иван Петров` → `ivan-petrov`).
 */
export function memberIdOf(iface: string | undefined, name: string | undefined, agentMap?: Readonly<Record<string, string>>, names?: MemberNames): string | undefined {
  const i = iface?.trim() && iface.trim().toUpperCase() !== 'NONE' ? iface.trim() : undefined;
  const n = name?.trim() && name.trim().toUpperCase() !== 'NONE' ? name.trim() : undefined;
  if (n && agentMap?.[n] !== undefined) return toEntityId(agentMap[n]);
  if (i) return agentIdOf(i, agentMap);
  if (!n) return undefined;
  const known = names?.interfaceOf(n);
  return known ? agentIdOf(known, agentMap) : agentIdOf(n, agentMap);
}

/** a queue_log `agent` field: an interface (`SIP/101`, `Local/1001@agents/n`) or a member name */
export function queueLogMemberIdOf(agent: string, agentMap?: Readonly<Record<string, string>>, names?: MemberNames): string | undefined {
  const a = agent.trim();
  if (agentMap?.[a] !== undefined) return toEntityId(agentMap[a]);
  return a.includes('/') ? memberIdOf(a, undefined, agentMap, names) : memberIdOf(undefined, a, agentMap, names);
}
