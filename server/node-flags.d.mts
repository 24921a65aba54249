// Types for node-flags.mjs (plain JavaScript, so scripts/start.mjs and the benchmarks can import it).
export declare const serverNodeFlags: string[];
export declare const serverEnv: Record<string, string>;
