/**
 * Dawn's Node binding (the `webgpu` package) waits for GPU work (a readback, a queue's work done)
 * by asking for a setImmediate callback again and again while anything is pending: a loop that
 * holds a core at 100 %. On a real GPU that is a core lost to waiting; on SwiftShader, which does
 * the GPU's work on the same cores, it is a core taken from the work itself (the 64-64-64-1 wide
 * run: 2.6–2.8 s instead of 3.0–6.6 s under load 4–5, and 4.5 s of CPU instead of 7).
 *
 * paceDawnPolling() lets a wait spin for its first millisecond (a short wait keeps its latency),
 * then polls once a millisecond from a 0 ms timer, so the process sleeps between polls. Only the
 * binding's own callbacks are paced: native functions without a name (a bound function is named
 * `bound …`); every other setImmediate runs as before. The engine computes the same bits whenever
 * a poll finds its work done. The command line installs it where Dawn runs on SwiftShader (on a
 * GPU a spinning core costs CPU, not the GPU's time, and a 1 ms poll would add latency to short
 * waits); a library user may call it.
 */

/** How long a wait spins before it polls once a millisecond. */
export const SPIN_MS = 1;
/** A poll this long after the last one starts a new wait. */
const NEW_WAIT_MS = 4;

const isDawnPoll = (callback: unknown): boolean =>
  typeof callback === 'function' &&
  callback.name === '' &&
  /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(callback));

let paced = false;

/** Paces Dawn's polling in this process (once; later calls do nothing). */
export function paceDawnPolling(): void {
  if (paced) return;
  paced = true;
  const immediate = globalThis.setImmediate;
  let lastPoll = -Infinity;
  let waitStart = 0;
  function pacedImmediate<T extends unknown[]>(
    callback: (...args: T) => void,
    ...args: T
  ): NodeJS.Immediate {
    if (!isDawnPoll(callback)) return immediate(callback, ...args);
    const now = performance.now();
    if (now - lastPoll > NEW_WAIT_MS) waitStart = now;
    lastPoll = now;
    if (now - waitStart < SPIN_MS) return immediate(callback, ...args);
    // a timer, not an immediate: the binding neither keeps nor clears what this returns
    return setTimeout(callback, 0, ...args) as unknown as NodeJS.Immediate;
  }
  globalThis.setImmediate = Object.assign(pacedImmediate, {
    __promisify__: immediate.__promisify__,
  }) as typeof setImmediate;
}
