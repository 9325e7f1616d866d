/**
 * What every admin store does around a request: remember the server's words for a refusal (the
 * view shows them), and after a change that worked, refresh the audit log so it lists it at once.
 */
import { ref } from 'vue';
import { useAdminAuditStore } from './admin-audit.js';

export function useAdminAction() {
  const error = ref<string | null>(null);

  /** `change`: it alters something (the audit log records it); a plain read does not */
  async function attempt(work: () => Promise<void>, { change = true } = {}): Promise<boolean> {
    error.value = null;
    try {
      await work();
    } catch (e) {
      error.value = (e as Error).message;
      return false;
    }
    if (change) void useAdminAuditStore().load();
    return true;
  }

  return { error, attempt };
}
