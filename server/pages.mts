// The few responses the server writes itself, before Next.js: the login form and errors.
import security from './security-headers.json' with { type: 'json' };

/** The security headers of every response; the CSP allows no inline script (none of these pages has one). */
export function securityHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': security.contentSecurityPolicy.join('; '), ...security.headers };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A plain HTML form (no script): the token goes in a POST body, never in a URL. */
export function loginPage(error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · svcmap</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0}form{display:grid;gap:.75rem;width:20rem}input,button{font:inherit;padding:.5rem}p.error{color:#b91c1c}</style>
</head><body><form method="post" action="/login">
<h1>svcmap</h1>
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<button type="submit">Sign in</button>
</form></body></html>`;
}
