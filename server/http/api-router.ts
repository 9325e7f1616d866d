/**
 * The one way a route is served: by its name in the contract (shared/api.ts), which gives its
 * method, path and access. A router is mounted at its prefix and registers the rest of each
 * path; the access guard (and CSRF for changes made with a session) runs before the route's own
 * handlers, so a route cannot be added without saying who may call it.
 */
import { Router, type RequestHandler } from 'express';
import { API, type Access, type ApiRoute, type HttpMethod, type PathParams } from '../../shared/api.js';
import { can } from '../../shared/roles.js';
import { bearerToken, principalOf, requireCsrf, requirePermission } from '../auth/http-auth.js';
import { constantTimeEqual } from '../auth/secret-tokens.js';

/** What the accesses that are not a permission check need from outside. */
export interface AccessGuards {
  /** an ingest source: reads the body raw and checks the source's key or HMAC signature */
  source: readonly RequestHandler[];
  /** OBZOR_METRICS_TOKEN: Prometheus' bearer token (an admin's session also reads /metrics) */
  metricsToken?: string | undefined;
}

const signedIn: RequestHandler = (_req, res, next) => (principalOf(res) ? next() : void res.status(401).json({ error: 'authentication required' }));

function metricsGuard(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    const bearer = bearerToken(req);
    const p = principalOf(res);
    if ((token && bearer && constantTimeEqual(bearer, token)) || (p && can(p.role, 'admin'))) return next();
    res.status(p || bearer ? 403 : 401).json({ error: 'metrics need the metrics token or an admin session' });
  };
}

function guardsOf(access: Access, g: AccessGuards): readonly RequestHandler[] {
  switch (access) {
    case 'anyone':
      return [];
    case 'source':
      return g.source;
    case 'signed-in':
      return [signedIn];
    case 'metrics':
      return [metricsGuard(g.metricsToken)];
    default:
      return [requirePermission(access)];
  }
}

const VERB = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const satisfies Record<HttpMethod, string>;

type ParamsOf<R extends ApiRoute> = PathParams<(typeof API)[R]['path']>;

export class ApiRouter {
  readonly router = Router();
  /** the contract routes this router serves, by name */
  readonly served: ApiRoute[] = [];

  constructor(
    /** where the app mounts it: every route of this router starts here */
    readonly prefix: string,
    private readonly guards: AccessGuards,
  ) {}

  /** Serves the contract route `name` with `handlers`, behind its access. */
  serve<R extends ApiRoute>(name: R, ...handlers: RequestHandler<ParamsOf<R>>[]): this {
    const { method, path, access } = API[name];
    if (path !== this.prefix && !path.startsWith(`${this.prefix}/`)) throw new Error(`route ${name} (${path}) is not under ${this.prefix}`);
    const changes = method !== 'GET';
    const csrf = changes && access !== 'anyone' && access !== 'source' ? [requireCsrf()] : [];
    const all = [...guardsOf(access, this.guards), ...csrf, ...(handlers as RequestHandler[])];
    const rest = path.slice(this.prefix.length) || '/';
    this.router[VERB[method]](rest, ...all);
    this.served.push(name);
    return this;
  }
}
