/** Users, ingest sources and wall display tokens; admins only. */
import { z } from 'zod';
import { DisplayChange, NewDisplay } from '../../shared/display-layout-schema.js';
import { formatIssues } from '../../shared/validation-error.js';
import { SOURCE_NAME } from '../auth/source-credentials.js';
import { NewUser, UserChange, UserExistsError } from '../auth/user-store.js';
import { ApiRouter } from './api-router.js';
import type { RouteModule } from './http-deps.js';
import { conflict, invalid, notFound } from './problems.js';

const NewSource = z.object({ name: z.string().regex(SOURCE_NAME, '1–64 chars of a-z 0-9 . _ -'), hmac: z.boolean().default(false) });

export const adminRoutes: RouteModule<'users' | 'displays' | 'sources' | 'sites' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/admin', deps.guards);
  const { users, displays, sources } = deps;
  const siteIds = deps.sites.map((s) => s.id);

  const unknownSites = (sites: string[]) => sites.filter((s) => !siteIds.includes(s));

  r.serve('users', async (_req, res) => {
    res.json({ users: await users.list() });
  });
  r.serve('userCreate', async (req, res) => {
    const parsed = NewUser.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const bad = unknownSites(parsed.data.sites);
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
    try {
      res.status(201).json(await users.create(parsed.data));
    } catch (e) {
      if (e instanceof UserExistsError) throw conflict(e.message);
      throw e;
    }
  });
  // both end the user's sessions and drop its sockets on every node (UserStore)
  r.serve('userUpdate', async (req, res) => {
    const parsed = UserChange.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const bad = unknownSites(parsed.data.sites ?? []);
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
    const user = await users.update(req.params.login, parsed.data);
    if (!user) throw notFound(`no user ${req.params.login}`);
    res.json(user);
  });
  r.serve('userDelete', async (req, res) => {
    res.status((await users.remove(req.params.login)) ? 204 : 404).end();
  });

  r.serve('displayTokens', async (_req, res) => {
    const list = await displays.list();
    res.json({ displays: await Promise.all(list.map(async (d) => (d.revokedAt ? d : { ...d, screens: await displays.screensOnline(d.id) }))) });
  });
  r.serve('displayTokenReload', async (req, res) => {
    res.status((await displays.reload(req.params.id)) ? 204 : 404).end();
  });
  r.serve('displayTokenCreate', async (req, res) => {
    const parsed = NewDisplay.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const bad = unknownSites(parsed.data.sites);
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
    const { display, token } = await displays.create(parsed.data.name, parsed.data.sites, undefined, { layout: parsed.data.layout });
    // shown once: the admin copies this URL into the kiosk
    res.status(201).json({ display, token, url: `${req.protocol}://${req.get('host')}/wall#token=${token}` });
  });
  // the display's screens re-lay themselves out live (a change of sites reconnects them)
  r.serve('displayTokenUpdate', async (req, res) => {
    const parsed = DisplayChange.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const bad = unknownSites(parsed.data.sites ?? []);
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
    const display = await displays.update(req.params.id, parsed.data);
    if (!display) throw notFound(`no display ${req.params.id} (or it was revoked)`);
    res.json({ display });
  });
  r.serve('displayTokenRevoke', async (req, res) => {
    res.status((await displays.revoke(req.params.id)) ? 204 : 404).end();
  });

  r.serve('sources', async (_req, res) => {
    res.json({ sources: await sources.list() });
  });
  r.serve('sourceCreate', async (req, res) => {
    const parsed = NewSource.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    res.status(201).json({ source: parsed.data.name, ...(await sources.create(parsed.data.name, { hmac: parsed.data.hmac })) });
  });
  r.serve('sourceRemove', async (req, res) => {
    res.status((await sources.remove(req.params.name)) ? 204 : 404).end();
  });
  return r;
};
