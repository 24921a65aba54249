// Types for client-node-slim.mjs (plain JavaScript: a Node hook, loaded before TypeScript is).
/** The @kubernetes/client-node version the hook was checked against. */
export declare const slimVersion: string;
