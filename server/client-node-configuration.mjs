// What @kubernetes/client-node's config.js takes from its generated client (dist/gen/index.js),
// from the files that define it: see server/client-node-slim.mjs.
export { createConfiguration } from '@kubernetes/client-node/dist/gen/configuration.js';
export { ServerConfiguration } from '@kubernetes/client-node/dist/gen/servers.js';
