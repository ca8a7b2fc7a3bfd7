/**
 * The page's RunControl: on top of play, pause, step and speed, it lets at most one segment
 * through a frame when a speed is set (so 10 steps a frame looks like 10 steps a frame, however
 * fast the device), and says when a paused run is held with every step it was allowed taken.
 */
import { RunControl } from '../core/control.ts';

/** About one display frame. */
export const FRAME_MS = 16;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, FRAME_MS));
}

export class PacedControl extends RunControl {
  private granted = 0;
  private holding = false;
  /** one segment a frame; off: segments as fast as the engine sizes them */
  paced: boolean;

  constructor(
    options: { paused: boolean; stepsPerSegment: number | null },
    /** told, with the steps allowed so far, each time the run waits while paused */
    private readonly onHold: (stepsAllowed: number) => void,
  ) {
    super(options);
    this.paced = options.stepsPerSegment !== null;
  }

  /** Steps let through so far: once they are all reported, a held run is where it will stay. */
  get stepsAllowed(): number {
    return this.granted;
  }

  /** Whether the engine is waiting for play or a step. */
  get isHolding(): boolean {
    return this.holding;
  }

  override async allow(limit: number, signal?: AbortSignal): Promise<number> {
    if (this.paced && !this.isPaused && !this.isFinished) await nextFrame();
    this.holding = this.isPaused && !this.isFinished;
    if (this.holding) this.onHold(this.granted);
    try {
      const steps = await super.allow(limit, signal);
      this.granted += steps;
      return steps;
    } finally {
      this.holding = false;
    }
  }
}
