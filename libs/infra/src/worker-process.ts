/**
 * How the worker's Node process is started, beside its preload (ADR 0023, "Fourth pass"): every
 * launcher passes these (npm start, the tests' and the bench's processes, the bench's floor). The
 * image's entrypoint (docker/entrypoint.sh) and the README's production command write the same
 * values out; keep them equal.
 *
 * - `--max-semi-space-size=4`: V8's young generation of each of the worker's two isolates (its main
 *   thread and the SDK's workflow thread) at most 3 x 4 MB instead of 3 x 16 MB. With 1,000 open cases
 *   the worker held 238 MB instead of 301 MB, at the same CPU per case against the floor.
 * - `MALLOC_ARENA_MAX=2`: glibc's allocator keeps two arenas instead of eight per core for the native
 *   side (the SDK's Rust core and its threads, libuv's pool): 316 to 301 MB with 1,000 open cases. An
 *   operator's own value is kept.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/** The worker process's environment additions: the operator's MALLOC_ARENA_MAX when set, else 2. */
export function workerProcessEnv(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  return { MALLOC_ARENA_MAX: env['MALLOC_ARENA_MAX'] || '2' };
}
