// The parts of @kubernetes/client-node svcmap uses — KubeConfig (kubeconfig files, every way
// of authenticating, TLS) and the request context it authenticates — from their own modules,
// not the package's index, which loads the whole generated API client (every model and API
// class) that svcmap never calls. See server/client-node-slim.mjs for the rest of the saving.
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export { HttpMethod, RequestContext } from '@kubernetes/client-node/dist/gen/http/http.js';
