/**
 * The admin's users (/admin): the list, adding one, changing a role or sites, removing one —
 * setting a new password; all but adding end that user's sessions at once on every node
 * (server/auth/user-store.ts).
 */
import { defineStore } from 'pinia';
import { useAdminAction } from './admin-action.js';
import { ref } from 'vue';
import type { Role, UserRecord } from '@shared/roles.js';
import { deleteUser, fetchUsers, patchUser, postUser, postUserPassword } from '../api/obzor-api.js';

export const useAdminUsersStore = defineStore('admin-users', () => {
  const users = ref<UserRecord[]>([]);
  const { error, attempt } = useAdminAction();
  /** whose password was just set (the view says the user's sessions ended) */
  const passwordSet = ref<string | null>(null);


  const load = () =>
    attempt(async () => {
      users.value = (await fetchUsers()).users;
    }, { change: false });
  const create = (user: { login: string; role: Role; password: string; sites: readonly string[] }) =>
    attempt(async () => {
      users.value = [...users.value, await postUser(user)];
    });
  const update = (login: string, change: { role?: Role; sites?: readonly string[] }) =>
    attempt(async () => {
      const u = await patchUser(login, change);
      users.value = users.value.map((x) => (x.login === login ? u : x));
    });
  const remove = (login: string) =>
    attempt(async () => {
      await deleteUser(login);
      users.value = users.value.filter((x) => x.login !== login);
    });

  const setPassword = (login: string, password: string) =>
    attempt(async () => {
      passwordSet.value = null;
      await postUserPassword(login, password);
      passwordSet.value = login;
    });

  return { users, error, passwordSet, load, create, update, remove, setPassword };
});
