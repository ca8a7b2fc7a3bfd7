/**
 * Text that changes often, said seldom: the latest value is applied at most once per interval
 * (a screen reader's live region, a canvas's text summary), and the last one always lands.
 */
export class Throttled {
  private last = -Infinity;
  private pending: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private applied: string | null = null;

  constructor(
    private readonly apply: (text: string) => void,
    private readonly intervalMs = 1000,
  ) {}

  set(text: string): void {
    if (text === this.applied && this.timer === null) return;
    this.pending = text;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const text = this.pending;
    this.pending = null;
    if (text === null || text === this.applied) return;
    this.applied = text;
    this.last = performance.now();
    this.apply(text);
  }
}

/** A polite live region that speaks at most once a second, the latest news winning. */
export function announcer(region: HTMLElement): Throttled {
  return new Throttled((text) => (region.textContent = text));
}

/** An element's accessible name (a canvas with role="img"), rewritten at most once a second. */
export function accessibleName(element: Element): Throttled {
  return new Throttled((text) => element.setAttribute('aria-label', text));
}
