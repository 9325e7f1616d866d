/**
 * The admin's sites (/admin): each site's rules in effect and the sites file's, a preview of a
 * draft on the site's state now (nothing saved), saving it (it wins over the file on every node,
 * the screens follow with the next update) and returning to the file.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SitePreview, SiteSettingsInput, SiteSettingsRecord } from '@shared/site-settings.js';
import { deleteSiteSettings, fetchSiteSettings, postSitePreview, putSiteSettings } from '../api/obzor-api.js';
import { useAdminAction } from './admin-action.js';

export const useAdminSitesStore = defineStore('admin-sites', () => {
  const sites = ref<SiteSettingsRecord[]>([]);
  const { error, attempt } = useAdminAction();
  /** the preview of the draft last checked, per site; gone once that site is saved or reset */
  const previews = ref<Record<string, SitePreview>>({});
  /** the site whose change was just saved (the view says so) */
  const saved = ref<string | null>(null);

  const replace = (r: SiteSettingsRecord) => {
    sites.value = sites.value.map((s) => (s.site === r.site ? r : s));
    const { [r.site]: _gone, ...rest } = previews.value;
    previews.value = rest;
    saved.value = r.site;
  };

  const load = () =>
    attempt(async () => {
      sites.value = (await fetchSiteSettings()).sites;
    }, { change: false });
  const preview = (site: string, draft: SiteSettingsInput) =>
    attempt(async () => {
      previews.value = { ...previews.value, [site]: await postSitePreview(site, draft) };
    }, { change: false });
  const save = (site: string, draft: SiteSettingsInput) =>
    attempt(async () => {
      replace(await putSiteSettings(site, draft));
    });
  const reset = (site: string) =>
    attempt(async () => {
      replace(await deleteSiteSettings(site));
    });
  /** a refusal the form found itself (a field it cannot read), shown like the server's */
  const refuse = (why: string) => {
    error.value = why;
  };

  return { sites, error, previews, saved, load, preview, save, reset, refuse };
});
