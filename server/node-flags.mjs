// How the svcmap server process is started (scripts/start.mjs, the benchmarks; the
// Dockerfile repeats both). Measured at 10,000 pods under 20 readiness changes/s: the live
// heap after a full GC is about 100 MB, but by default V8 lets the heap grow to several times
// that between major GCs (RSS 373–389 MB settled, 430 MB in a 10-minute soak).
// --max-semi-space-size=8: V8 sizes the young generation from the machine's memory; on a
//   24 GiB machine that cost about 100 MB of RSS for no speed. 16 MB → 8 MB: the soak's V8
//   heap reserved 123–170 MB instead of 136–183 MB (bench/RESULTS.md, 2026-12-03 06:30/06:42).
// --heap-growing-percent=30: the old generation may grow by 30 % of its live size before the
//   next major GC (V8 picks up to 4×). 50 % took RSS from 380–385 MB to 293–295 MB settled
//   with no more CPU (12.8 s vs 14.8 s per 90 s of churn); 30 % kept the soak's first five
//   minutes at 270–290 MB instead of 290–305 MB (06:42/06:53 rows).
export const serverNodeFlags = ['--max-semi-space-size=8', '--heap-growing-percent=30'];

// glibc's malloc, outside V8's heap. By default it keeps an arena per thread (here eight:
// libuv's pool and V8's helpers) and, once a large block was freed, raises the size above
// which it maps memory of its own (up to 32 MB) and keeps up to twice that at the top of its
// heap: the 10-minute soak at 10,000 pods ended with 145 MB in malloc's arenas for some 30 MB
// of buffers in use, RSS 404 MB. Two arenas and a fixed 128 KB threshold (glibc's default
// before it adapts): RSS 331 MB on the same soak (two arenas alone: 382 MB). A GLIBC_TUNABLES
// already set is left as it is.
export const serverEnv = { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072' };
