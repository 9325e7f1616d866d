/** The audit log on /admin: the newest changes admins made (server/auth/audit-log.ts). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditEntry } from '@shared/roles.js';
import { fetchAudit } from '../api/obzor-api.js';

export const useAdminAuditStore = defineStore('admin-audit', () => {
  const entries = ref<AuditEntry[]>([]);
  async function load(): Promise<void> {
    try {
      entries.value = (await fetchAudit()).entries;
    } catch {
      // the sections above say what failed; the log shows what it last had
    }
  }
  return { entries, load };
});
