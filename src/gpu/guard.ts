import { GpuDeviceLostError, GpuRunError } from './errors.ts';

/**
 * Watches a run: the device being lost, an uncaptured GPU error, or the caller's abort signal.
 * `wait` races any promise against them, so a run never hangs on a readback that will not come.
 */
export class RunGuard {
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  private readonly release: () => void;

  constructor(device: GPUDevice, signal: AbortSignal | undefined) {
    let reject: (error: Error) => void = () => undefined;
    this.failed = new Promise<never>((_, rejectWith) => {
      reject = rejectWith;
    });
    this.failed.catch(() => undefined); // observed through wait(); never an unhandled rejection
    const fail = (error: Error): void => {
      this.failure ??= error;
      reject(this.failure);
    };
    void device.lost.then((info) =>
      fail(
        new GpuDeviceLostError(
          `the GPU device was lost (${info.reason}): ${info.message || 'no message'}; run again for a new one`,
        ),
      ),
    );
    const onError = (event: Event): void => {
      const error = (event as GPUUncapturedErrorEvent).error;
      fail(new GpuRunError(`the GPU reported an error during the run: ${error.message}`));
    };
    const onAbort = (): void =>
      fail(
        signal?.reason instanceof Error
          ? signal.reason
          : new DOMException('the run was stopped', 'AbortError'),
      );
    device.addEventListener('uncapturederror', onError);
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) onAbort();
    this.release = () => {
      device.removeEventListener('uncapturederror', onError);
      signal?.removeEventListener('abort', onAbort);
    };
  }

  /** Whether the run has failed or been stopped. */
  get stopped(): boolean {
    return this.failure !== null;
  }

  /** Throws what went wrong, if anything has. */
  check(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Resolves with `promise`, or rejects as soon as the run fails. */
  wait<T>(promise: Promise<T>): Promise<T> {
    this.check();
    return Promise.race([promise, this.failed]);
  }

  dispose(): void {
    this.release();
  }
}
