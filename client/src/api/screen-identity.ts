/**
 * What a screen tells the server about itself when it connects, so /admin can list a display's
 * screens: an id it keeps in this browser (the same kiosk is the same row after a reload or a
 * power cut) and the build it runs. No person is identified: the id is random.
 */
const KEY = 'obzor.screen';

function screenId(): string | undefined {
  try {
    let id = localStorage.getItem(KEY);
    if (!id) {
      id = crypto.randomUUID().replace(/-/g, '');
      localStorage.setItem(KEY, id);
    }
    return id;
  } catch {
    // storage refused (a locked-down kiosk, private mode): the server names it by its connection
    return undefined;
  }
}

export function screenIdentity(): { screen?: string; version: string } {
  const screen = screenId();
  return { ...(screen ? { screen } : {}), version: __OBZOR_BUILD__ };
}
