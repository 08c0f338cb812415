import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The browser session's cookie. Over HTTPS it is `__Host-hindsight_session`
 * (Secure, Path=/, no Domain: no subdomain can set or shadow it); over plain
 * HTTP (local use) `hindsight_session`. Always HttpOnly (no script reads it)
 * and SameSite=Strict (no other site's page sends it).
 */
export const sessionCookieName = 'hindsight_session';

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, sessionCookieName, 'host') ?? getCookie(c, sessionCookieName);
}

export function writeSessionCookie(
  c: Context,
  token: string,
  options: { readonly secure: boolean; readonly expiresAtUs: number; readonly nowUs: number },
): void {
  const maxAge = Math.max(1, Math.floor((options.expiresAtUs - options.nowUs) / 1_000_000));
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge,
    ...(options.secure ? { secure: true, prefix: 'host' as const } : {}),
  });
}

/** Clears the cookie in whichever form this connection can set it. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  if (secure) {
    deleteCookie(c, sessionCookieName, { path: '/', secure: true, prefix: 'host' });
  }
  deleteCookie(c, sessionCookieName, { path: '/', httpOnly: true, sameSite: 'Strict' });
}
