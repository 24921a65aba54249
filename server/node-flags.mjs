// Node.js flags the svcmap server runs with (scripts/start.mjs, the benchmarks; the
// Dockerfile's CMD repeats them).
// --max-semi-space-size=16: V8 sizes the young generation from the machine's memory, and
// on a 24 GiB machine it took about 100 MB more resident memory than this, for no speed:
// at 10,000 pods under 20 changes/s the server's RSS settled at 373–389 MB by default and
// at 268–297 MB with 16 MB semi-spaces, with the same CPU time (8.9 s a minute either way).
export const serverNodeFlags = ['--max-semi-space-size=16'];
