/** Users, ingest sources and wall display tokens; admins only. */
import { Router } from 'express';
import { z } from 'zod';
import { formatIssues } from '../../shared/validation-error.js';
import type { DisplayTokenStore } from '../auth/display-tokens.js';
import { requireCsrf, requirePermission } from '../auth/http-auth.js';
import { SOURCE_NAME, type SourceCredentials } from '../auth/source-credentials.js';
import { NewUser, UserChange, UserExistsError, type UserStore } from '../auth/user-store.js';
import { API } from '../../shared/api.js';
import { conflict, invalid, notFound } from './problems.js';

const NewDisplay = z.object({ name: z.string().min(1).max(100), sites: z.array(z.string()).default([]) });
const NewSource = z.object({ name: z.string().regex(SOURCE_NAME, '1–64 chars of a-z 0-9 . _ -'), hmac: z.boolean().default(false) });

export function adminRouter(users: UserStore, displays: DisplayTokenStore, sources: SourceCredentials, siteIds: readonly string[]): Router {
  const r = Router();
  r.use('/api/v1/admin', requirePermission('admin'), requireCsrf());

  const unknownSites = (sites: string[]) => sites.filter((s) => !siteIds.includes(s));

  r.get(API.users.path, async (_req, res) => {
    res.json({ users: await users.list() });
  });
  r.post(API.userCreate.path, async (req, res) => {
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
  r.patch(API.userUpdate.path, async (req, res) => {
    const parsed = UserChange.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const bad = unknownSites(parsed.data.sites ?? []);
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
    const user = await users.update(req.params.login, parsed.data);
    if (!user) throw notFound(`no user ${req.params.login}`);
    res.json(user);
  });
  r.delete(API.userDelete.path, async (req, res) => {
    res.status((await users.remove(req.params.login)) ? 204 : 404).end();
  });

  r.get(API.displayTokens.path, async (_req, res) => {
    res.json({ displays: await displays.list() });
  });
  r.post(API.displayTokenCreate.path, async (req, res) => {
    const parsed = NewDisplay.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    const bad = unknownSites(parsed.data.sites);
    if (bad.length) throw invalid(`sites: expected known site ids, got ${bad.join(', ')}`);
    const { display, token } = await displays.create(parsed.data.name, parsed.data.sites);
    // shown once: the admin copies this URL into the kiosk
    res.status(201).json({ display, token, url: `${req.protocol}://${req.get('host')}/wall#token=${token}` });
  });
  r.delete(API.displayTokenRevoke.path, async (req, res) => {
    res.status((await displays.revoke(req.params.id)) ? 204 : 404).end();
  });

  r.get(API.sources.path, async (_req, res) => {
    res.json({ sources: await sources.list() });
  });
  r.post(API.sourceCreate.path, async (req, res) => {
    const parsed = NewSource.safeParse(req.body);
    if (!parsed.success) throw invalid(formatIssues(parsed.error.issues, req.body));
    res.status(201).json({ source: parsed.data.name, ...(await sources.create(parsed.data.name, { hmac: parsed.data.hmac })) });
  });
  r.delete(API.sourceRemove.path, async (req, res) => {
    res.status((await sources.remove(req.params.name)) ? 204 : 404).end();
  });
  return r;
}

