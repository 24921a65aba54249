// V8 flags the svcmap server runs with (scripts/start.mjs, the benchmarks; the Dockerfile's
// CMD repeats them). Measured at 10,000 pods under 20 readiness changes/s: the live heap
// after a full GC is about 100 MB, but by default V8 lets the heap grow to several times
// that between major GCs (RSS 373–389 MB settled, 430 MB in a 10-minute soak).
// --max-semi-space-size=16: V8 sizes the young generation from the machine's memory; on a
//   24 GiB machine that cost about 100 MB of RSS for no speed.
// --heap-growing-percent=50: the old generation may grow by half its live size before the
//   next major GC (V8 picks up to 4×): RSS settled at 293–295 MB instead of 380–385 MB, and
//   the server used no more CPU (12.8 s vs 14.8 s per 90 s of churn).
export const serverNodeFlags = ['--max-semi-space-size=16', '--heap-growing-percent=50'];
