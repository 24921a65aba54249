// @kubernetes/client-node's KubeConfig (dist/config.js) imports the generated API client
// (dist/gen/index.js: every model and API class of Kubernetes) for the two names its
// makeApiClient uses. svcmap never makes an API client — it reads with its own requests — yet
// that import alone costs ~50 MB of memory (measured: importing config.js raises RSS by 88 MB,
// 39 MB with this hook; heap 30 → 11 MB). This resolve hook hands config.js, and only
// config.js, a module that exports just those two names from their own files. A client-node
// whose config.js imports otherwise is left as it is (the hook matches nothing).
// Registered by server/main.mts before anything loads client-node, and by the tests that check it.
import { registerHooks } from 'node:module';

const slim = new URL('./client-node-configuration.mjs', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === './gen/index.js' && context.parentURL?.endsWith('/@kubernetes/client-node/dist/config.js')) return { url: slim, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
