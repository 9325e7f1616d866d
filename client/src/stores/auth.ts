/**
 * Who this screen is: a wall kiosk with a display token (from `/wall#token=…`, kept in
 * localStorage), or a person with a session cookie (login, "who am I", logout). It sets the
 * credentials the api module sends, and the Socket.IO `auth` payload.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Me } from '@shared/auth-api.js';
import { ApiError, fetchMe, postLogin, postLogout, setApiCredentials } from '../api/obzor-api.js';

export const DISPLAY_TOKEN_KEY = 'obzor.displayToken';

/** The token in a `#token=…` fragment, if any. */
export function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : undefined;
}

function readStoredToken(): string | null {
  try {
    return window.localStorage.getItem(DISPLAY_TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string): void {
  try {
    window.localStorage.setItem(DISPLAY_TOKEN_KEY, token);
  } catch {
    // storage refused (private mode): the token lives for this page only
  }
}

export type AuthMode = 'display' | 'session';

export const useAuthStore = defineStore('auth', () => {
  const displayToken = ref<string | null>(readStoredToken());
  /** undefined: not asked yet; null: not logged in */
  const me = shallowRef<Me | null | undefined>(undefined);
  const mode = ref<AuthMode>('session');
  /** the server refused this wall's display token (socket or HTTP) */
  const displayRejected = ref(false);

  const hasDisplayToken = computed(() => !!displayToken.value);
  /** what the socket sends as `auth`: the display token on walls, nothing with a session (the cookie does it) */
  const socketAuth = computed(() => (mode.value === 'display' && displayToken.value ? { token: displayToken.value } : undefined));

  function applyCredentials(): void {
    if (mode.value === 'display') setApiCredentials({ bearer: displayToken.value ?? undefined });
    else setApiCredentials({ csrf: me.value?.csrfToken });
  }

  /**
   * Takes a `#token=…` from the address into storage and removes it from the address bar
   * (and so from history, bookmarks and screenshots of the kiosk).
   */
  function adoptTokenFromLocation(loc: Location = window.location, hist: History = window.history): void {
    if (!loc.hash) return;
    const token = tokenFromHash(loc.hash);
    if (token) {
      storeToken(token);
      displayToken.value = token;
      displayRejected.value = false;
    }
    if (/(^#|&)token=/.test(loc.hash)) hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}`);
  }

  function setMode(next: AuthMode): void {
    mode.value = next;
    applyCredentials();
  }

  async function loadMe(): Promise<Me | null> {
    try {
      me.value = await fetchMe();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      me.value = null;
    }
    applyCredentials();
    return me.value;
  }

  async function login(loginName: string, password: string): Promise<Me> {
    const who = await postLogin(loginName, password);
    me.value = who;
    mode.value = 'session';
    applyCredentials();
    return who;
  }

  async function logout(): Promise<void> {
    try {
      await postLogout();
    } finally {
      me.value = null;
      applyCredentials();
    }
  }

  /** The session ended elsewhere (expired, logged out in another tab). */
  function forgetSession(): void {
    me.value = null;
    applyCredentials();
  }

  function rejectDisplay(): void {
    displayRejected.value = true;
  }

  function acceptDisplay(): void {
    displayRejected.value = false;
  }

  return {
    displayToken,
    me,
    mode,
    displayRejected,
    hasDisplayToken,
    socketAuth,
    adoptTokenFromLocation,
    setMode,
    loadMe,
    login,
    logout,
    forgetSession,
    rejectDisplay,
    acceptDisplay,
  };
});
