// Dawn's Node binding (the `webgpu` package) waits for GPU work, a readback or a queue's work
// done, by asking for a setImmediate callback again and again while anything is pending: a loop
// that holds a core at 100 % while SwiftShader, on the same two cores, does the work. In the test
// processes its callbacks (native functions) run from a 0 ms timer instead, so the process sleeps
// until the next millisecond between two polls. The tests time nothing, and the engine computes
// the same bits whenever the poll finds its work done.
const immediate = globalThis.setImmediate;

const isNative = (callback: unknown): boolean =>
  typeof callback === 'function' &&
  /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(callback));

function pacedImmediate<T extends unknown[]>(
  callback: (...args: T) => void,
  ...args: T
): NodeJS.Immediate {
  if (!isNative(callback)) return immediate(callback, ...args);
  // a timer, not an immediate: the binding neither keeps nor clears what this returns
  return setTimeout(callback, 0, ...args) as unknown as NodeJS.Immediate;
}

globalThis.setImmediate = Object.assign(pacedImmediate, {
  __promisify__: immediate.__promisify__,
}) as typeof setImmediate;
