// svcmap's production server: Next.js's request handler behind the gate (server/gate.mts:
// path, method, Host/Origin, authentication). Binds 127.0.0.1 unless HOST (or an IP
// address in HOSTNAME, as containers set) says otherwise, and then refuses to start
// without an auth mode (server/auth.mts).
//   node server/main.mts      (from the repository after `next build`, or from the standalone folder)
// First: the hook must be in place before anything loads @kubernetes/client-node.
import './client-node-slim.mjs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { authConfigFromEnv, cookie, sameSecret, userHeader } from './auth.mts';
import { gate, type GateContext, type Refusal } from './gate.mts';
import { hostPolicyFromEnv } from './hosts.mts';
import { loginPage, securityHeaders } from './pages.mts';
import { sessionCookie, sessionLifetimeMs, Sessions } from './sessions.mts';
import { FailureThrottle } from './throttle.mts';

const dir = resolve(import.meta.dirname, '..');
const host = process.env.HOST || (process.env.HOSTNAME && isIP(process.env.HOSTNAME) ? process.env.HOSTNAME : '127.0.0.1');
const port = Number(process.env.PORT || 3000);

function logLine(level: 'info' | 'warn', message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'warn') console.error(line);
  else if (process.env.SVCMAP_LOG_LEVEL !== 'warn') console.log(line);
}

let context: GateContext;
// Cookies and HSTS say "HTTPS only" when svcmap is served over TLS by whoever is in front
// of it; the client cannot decide that with a header of its own.
let secure: boolean;
try {
  const { config, warning } = authConfigFromEnv(process.env, host);
  if (warning) console.error(`svcmap: warning: ${warning}`);
  const sessionKey = config.mode === 'token' ? config.token : 'unused';
  context = { auth: config, hosts: hostPolicyFromEnv(process.env, host), sessions: new Sessions(sessionKey, sessionLifetimeMs(process.env)), throttle: new FailureThrottle() };
  const secureText = process.env.SVCMAP_SECURE_COOKIES ?? '';
  if (!['', 'true', 'false'].includes(secureText)) throw new Error(`SVCMAP_SECURE_COOKIES="${secureText}" must be true or false.`);
  secure = secureText === 'true';
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
// (Next.js types NODE_ENV read-only; the server sets it before loading Next.)
(process.env as Record<string, string>).NODE_ENV = 'production';
const { default: next } = await import('next');
const app = next({ dev: false, dir, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, { ...securityHeaders(), 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

function sendError(response: ServerResponse, refusal: Refusal): void {
  send(response, refusal.status, { 'Content-Type': 'application/json', ...refusal.headers }, JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
}

// The pages svcmap has (everything else outside /api/ and /_next/ is a JSON 404, not Next.js's HTML).
const pagePaths = new Set(['/', '/icon.svg']);

const staticRoot = join(dir, '.next', 'static');
/** A file of the build's static assets (/_next/static/…), checked before Next.js answers a missing one with text. */
function isStaticFile(path: string): boolean {
  if (!path.startsWith('/_next/static/')) return false;
  const file = resolve(staticRoot, decodeURIComponent(path.slice('/_next/static/'.length)));
  return file.startsWith(`${staticRoot}/`) && existsSync(file) && statSync(file).isFile();
}

const clientAddress = (request: IncomingMessage) => (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
const cookieAttributes = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

/** POST /login with the form's token: starts a session and goes to the page. */
async function login(request: IncomingMessage, response: ServerResponse, token: string): Promise<void> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 4096) return send(response, 413, { 'Content-Type': 'text/plain' }, 'Too large.');
  }
  const given = new URLSearchParams(body).get('token') ?? '';
  if (!sameSecret(given, token)) {
    context.throttle.fail(clientAddress(request));
    return send(response, 401, { 'Content-Type': 'text/html; charset=utf-8' }, loginPage('That is not the token svcmap was started with.'));
  }
  const maxAge = Math.floor(context.sessions.lifetimeMs / 1000);
  send(response, 303, { Location: '/', 'Set-Cookie': `${sessionCookie}=${context.sessions.create()}; Max-Age=${maxAge}; ${cookieAttributes}` }, '');
}

/** GET or POST /logout: ends the session (in this process) and clears the cookie. */
function logout(request: IncomingMessage, response: ServerResponse): void {
  const session = cookie(request.headers.cookie, sessionCookie);
  if (session !== undefined) context.sessions.revoke(session);
  send(response, 303, { Location: '/login', 'Set-Cookie': `${sessionCookie}=; Max-Age=0; ${cookieAttributes}` }, '');
}

const server = createServer((request, response) => {
  // Every response carries the security headers, also those Next.js writes without its
  // config's headers (redirects of "/x/" and "//x"); Next.js's own values win where it sets them.
  for (const [name, value] of Object.entries(securityHeaders())) response.setHeader(name, value);
  if (secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
  const result = gate(context, { method: request.method ?? '', url: request.url ?? '', remoteAddress: request.socket.remoteAddress ?? '', headers: request.headers });
  if (!result.pass) {
    const { refusal } = result;
    if (refusal.log) logLine('warn', 'request refused', { code: refusal.code, detail: refusal.log, path: result.path.slice(0, 200) });
    if (refusal.login) return send(response, 303, { Location: '/login' }, '');
    return sendError(response, refusal);
  }
  const { path, user } = result;
  if (context.auth.mode === 'token') {
    if (path === '/login' && request.method === 'POST') return void login(request, response, context.auth.token);
    if (path === '/login') return send(response, 200, { 'Content-Type': 'text/html; charset=utf-8' }, request.method === 'HEAD' ? '' : loginPage());
    if (path === '/logout') return logout(request, response);
  }
  if (!path.startsWith('/api/') && !pagePaths.has(path) && !isStaticFile(path)) {
    return sendError(response, { status: 404, code: 'NotFound', message: `There is no page at ${path.slice(0, 100)}: svcmap's map is at /.` });
  }
  // Only this server says who the user is: a header sent by the client is dropped.
  delete request.headers[userHeader];
  if (user) request.headers[userHeader] = encodeURIComponent(user);
  void handle(request, response);
});
// Requests Node's parser refuses (a request line it cannot read, headers too large) are
// answered here, not with Node's bare 400: JSON with the security headers, like the rest.
server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
  if (!socket.writable || (error.code === 'ECONNRESET' && !socket.readable)) return void socket.destroy();
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'The request could not be read: check the request line and headers.'];
  const body = JSON.stringify({ error: { code: reason.replace(/ /g, ''), message } });
  const headers = { ...securityHeaders(), 'Cache-Control': 'no-store', 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const head = error.rawPacket?.toString('latin1').startsWith('HEAD ') ?? false; // no body after HEAD
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${head ? '' : body}`);
});
server.listen(port, host, () => console.log(`svcmap: http://${host.includes(':') ? `[${host}]` : host}:${port} (auth: ${context.auth.mode})`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
