/** Every method + full path the Express app answers, read from its router (mounted routers included, with their prefix). */
import type { Express } from 'express';

interface Layer {
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  /** the path a router was mounted at (`app.use(path, router)`) */
  rawPath?: string | RegExp | (string | RegExp)[];
}

export interface RouteInfo {
  method: string;
  path: string;
}

const join = (prefix: string, path: string) => (path === '/' && prefix ? prefix : `${prefix}${path}`);

export function listRoutes(app: Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path;
        for (const m of Object.keys(layer.route.methods)) out.push({ method: m.toUpperCase(), path: typeof path === 'string' ? join(prefix, path) : String(path) });
      } else if (layer.handle?.stack) {
        const mounted = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mounted);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
