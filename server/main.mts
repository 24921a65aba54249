// svcmap's production server: Next.js's request handler behind an authentication gate.
// Binds 127.0.0.1 unless HOST (or an IP address in HOSTNAME, as containers set) says
// otherwise, and then refuses to start without an auth mode (server/auth.mts).
//   node server/main.mts      (from the repository after `next build`, or from the standalone folder)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { type AuthConfig, authConfigFromEnv, decide, publicPaths, sessionCookie, sessionValue, userHeader } from './auth.mts';
import { loginPage, securityHeaders } from './pages.mts';

const dir = resolve(import.meta.dirname, '..');
const host = process.env.HOST || (process.env.HOSTNAME && isIP(process.env.HOSTNAME) ? process.env.HOSTNAME : '127.0.0.1');
const port = Number(process.env.PORT || 3000);

let auth: AuthConfig;
try {
  const { config, warning } = authConfigFromEnv(process.env, host);
  auth = config;
  if (warning) console.error(`svcmap: warning: ${warning}`);
} catch (error) {
  console.error(`svcmap: ${(error as Error).message}`);
  process.exit(2);
}

// The config the build was made with, serialised by `next build`; Next.js reads it from
// this variable (as the standalone server.js does), in the repository and in the image.
const serverFiles = join(dir, '.next', 'required-server-files.json');
if (existsSync(serverFiles)) {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(readFileSync(serverFiles, 'utf8')).config);
}
process.env.NODE_ENV = 'production';
const { default: next } = await import('next');
const app = next({ dev: false, dir, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const behindTls = (request: IncomingMessage) => request.headers['x-forwarded-proto'] === 'https';

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, { ...securityHeaders(), 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

/** POST /login with the form's token: sets the session cookie and goes to the page. */
async function login(request: IncomingMessage, response: ServerResponse, token: string): Promise<void> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 4096) return send(response, 413, { 'Content-Type': 'text/plain' }, 'Too large.');
  }
  const given = new URLSearchParams(body).get('token') ?? '';
  const facts = { path: '/', remoteAddress: request.socket.remoteAddress ?? '', headers: { authorization: `Bearer ${given}` } };
  if (!decide(auth, facts).allow) return send(response, 401, { 'Content-Type': 'text/html; charset=utf-8' }, loginPage('That is not the token svcmap was started with.'));
  const secure = behindTls(request) ? '; Secure' : '';
  send(response, 303, { Location: '/', 'Set-Cookie': `${sessionCookie}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict${secure}` }, '');
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://svcmap').pathname;
  if (behindTls(request)) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
  if (auth.mode === 'token' && path === '/login') {
    if (request.method === 'POST') return void login(request, response, auth.token);
    if (request.method === 'GET') return send(response, 200, { 'Content-Type': 'text/html; charset=utf-8' }, loginPage());
  }
  const decision = decide(auth, { path, remoteAddress: request.socket.remoteAddress ?? '', headers: request.headers });
  if (!decision.allow) {
    if (decision.login) return send(response, 303, { Location: '/login' }, '');
    return send(response, decision.status, { 'Content-Type': 'application/json' }, JSON.stringify({ error: { code: decision.code, message: decision.message } }));
  }
  // Only this server says who the user is: a header sent by the client is dropped.
  delete request.headers[userHeader];
  if (decision.user && !publicPaths.has(path)) request.headers[userHeader] = decision.user;
  void handle(request, response);
});
server.listen(port, host, () => console.log(`svcmap: http://${host.includes(':') ? `[${host}]` : host}:${port} (auth: ${auth.mode})`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
