/** Users, ingest sources and wall display tokens; admins only. Every change goes to the audit log (who, what, before/after; never a secret). */
import { z } from 'zod';
import { DisplayChange, NewDisplay } from '../../shared/display-layout-schema.js';
import { formatIssues } from '../../shared/validation-error.js';
import { SOURCE_NAME } from '../auth/source-credentials.js';
import { NewUser, PasswordReset, UserChange, UserExistsError } from '../auth/user-store.js';
import { ApiRouter } from './api-router.js';
import { auditNoter } from './audit-note.js';
import type { RouteModule } from './http-deps.js';
import { conflict, invalid, notFound } from './problems.js';

const NewSource = z.object({ name: z.string().regex(SOURCE_NAME, '1–64 chars of a-z 0-9 . _ -'), hmac: z.boolean().default(false) });

export const adminRoutes: RouteModule<'users' | 'displays' | 'screens' | 'clientVersion' | 'sources' | 'audit' | 'sites' | 'guards'> = (deps) => {
  const r = new ApiRouter('/api/v1/admin', deps.guards);
  const { users, displays, sources, audit } = deps;
  const noted = auditNoter(audit);

  r.serve('audit', async (_req, res) => {
    res.json({ entries: await audit.list() });
  });
  const siteIds = deps.sites.all().map((s) => s.id);

  /** a change naming a site this server does not have is refused by name */
  const requireKnownSites = (sites: readonly string[] = []) => {
    const bad = sites.filter((s) => !siteIds.includes(s));
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
  };

  r.serve('users', async (_req, res) => {
    res.json({ users: await users.list() });
  });
  r.serve('userCreate', async (req, res) => {
    const parsed = NewUser.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    requireKnownSites(parsed.data.sites);
    try {
      const user = await users.create(parsed.data);
      await noted(res, 'user.create', user.login, { after: user });
      res.status(201).json(user);
    } catch (e) {
      if (e instanceof UserExistsError) throw conflict(e.message);
      throw e;
    }
  });
  // both end the user's sessions and drop its sockets on every node (UserStore)
  r.serve('userUpdate', async (req, res) => {
    const parsed = UserChange.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    requireKnownSites(parsed.data.sites);
    const before = await users.get(req.params.login);
    const user = await users.update(req.params.login, parsed.data);
    if (!user) throw notFound(`no user ${req.params.login}`);
    await noted(res, 'user.update', user.login, { before, after: user });
    res.json(user);
  });
  r.serve('userPassword', async (req, res) => {
    const parsed = PasswordReset.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const done = await users.setPassword(req.params.login, parsed.data.password);
    if (!done) throw notFound(`no user ${req.params.login}`);
    // the audit log says that it was reset, never what to
    await noted(res, 'user.password', req.params.login);
    res.status(204).end();
  });
  r.serve('userDelete', async (req, res) => {
    const before = await users.get(req.params.login);
    const gone = await users.remove(req.params.login);
    if (gone) await noted(res, 'user.delete', req.params.login, { before });
    res.status(gone ? 204 : 404).end();
  });

  r.serve('displayTokens', async (_req, res) => {
    const list = await displays.list();
    const withScreens = async (d: (typeof list)[number]) => (d.revokedAt ? d : { ...d, screens: await displays.screensOnline(d.id), screenList: await deps.screens.list(d.id) });
    const version = await deps.clientVersion();
    res.json({ displays: await Promise.all(list.map(withScreens)), ...(version ? { clientVersion: version } : {}) });
  });
  r.serve('displayTokenReload', async (req, res) => {
    const done = await displays.reload(req.params.id);
    if (done) await noted(res, 'display.reload', req.params.id);
    res.status(done ? 204 : 404).end();
  });
  r.serve('displayTokenCreate', async (req, res) => {
    const parsed = NewDisplay.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    requireKnownSites(parsed.data.sites);
    const { display, token } = await displays.create(parsed.data.name, parsed.data.sites, undefined, { layout: parsed.data.layout });
    await noted(res, 'display.create', display.id, { after: display });
    // shown once: the admin copies this URL into the kiosk
    res.status(201).json({ display, token, url: `${req.protocol}://${req.get('host')}/wall#token=${token}` });
  });
  // the display's screens re-lay themselves out live (a change of sites reconnects them)
  r.serve('displayTokenUpdate', async (req, res) => {
    const parsed = DisplayChange.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    requireKnownSites(parsed.data.sites);
    const before = await displays.get(req.params.id);
    const display = await displays.update(req.params.id, parsed.data);
    if (!display) throw notFound(`no display ${req.params.id} (or it was revoked)`);
    await noted(res, 'display.update', display.id, { before, after: display });
    res.json({ display });
  });
  r.serve('displayTokenRevoke', async (req, res) => {
    const before = await displays.get(req.params.id);
    const done = await displays.revoke(req.params.id);
    if (done) await noted(res, 'display.revoke', req.params.id, { before });
    res.status(done ? 204 : 404).end();
  });

  r.serve('sources', async (_req, res) => {
    res.json({ sources: await sources.list() });
  });
  r.serve('sourceCreate', async (req, res) => {
    const parsed = NewSource.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const issued = await sources.create(parsed.data.name, { hmac: parsed.data.hmac });
    // the key and secret are shown once to the admin, never written to the log
    await noted(res, 'source.create', parsed.data.name, { after: { source: parsed.data.name, hmac: !!issued.hmacSecret } });
    res.status(201).json({ source: parsed.data.name, ...issued });
  });
  r.serve('sourceRemove', async (req, res) => {
    const gone = await sources.remove(req.params.name);
    if (gone) await noted(res, 'source.remove', req.params.name);
    res.status(gone ? 204 : 404).end();
  });
  return r;
};
