/**
 * A small history router (four screens do not need a library): the current location, moving
 * between screens without reloading, and the access rules of domain/route-access.ts.
 */
import { computed, readonly, ref } from 'vue';
import { routeOf, withLang } from './domain/route-access.js';

export * from './domain/route-access.js';

// ---------- the current location ----------

const location = ref({ pathname: window.location.pathname, search: window.location.search });

window.addEventListener('popstate', () => {
  location.value = { pathname: window.location.pathname, search: window.location.search };
});

/** Moves to `to` (a path with an optional query) without reloading; keeps `?lang=`. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const target = withLang(to, location.value.search);
  if (opts.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  location.value = { pathname: window.location.pathname, search: window.location.search };
}

export function useRouter() {
  return {
    location: readonly(location),
    route: computed(() => routeOf(location.value.pathname)),
    /** path and query of the current screen, e.g. for `next=` */
    here: computed(() => `${location.value.pathname}${location.value.search}`),
    query: computed(() => new URLSearchParams(location.value.search)),
    navigate,
  };
}
