/**
 * The page's store: signals (values set from outside), computeds (values derived from them, kept
 * until what they read changes) and effects (what the page does when what they read changes). A
 * computed or an effect tracks what it reads as it runs, so nothing is wired by hand and nothing is
 * cached by hand: whoever reads a value depends on it.
 *
 *   const samples = signal(100);
 *   const label = computed(() => `${samples.get()} samples`);
 *   effect(() => (note.textContent = label.get()));   // runs now, and again after samples.set(200)
 *
 * Each value carries a version that moves only when it changes, so an effect runs again only when
 * something it read did change (a computed recomputed to an equal value stops there). Effects run
 * after the change that concerns them, once each, in the order they were made; `batch` holds them
 * back until several signals are set.
 */

interface Source {
  /** moves on each change of the value */
  readonly version: number;
  /** brings the value up to date (a computed recomputes when its sources moved) */
  refresh(): void;
  readonly observers: Set<Observer>;
}

interface Observer {
  /** something read last time may have moved */
  stale(): void;
}

/** The computed or effect running now: what it reads, with the version it read. */
let reading: Map<Source, number> | null = null;
let held = 0;
let flushing = false;
let effectsMade = 0;
const queue = new Set<EffectNode>();

function track(source: Source): void {
  if (reading !== null && !reading.has(source)) reading.set(source, source.version);
}

/** Runs `fn`, noting every value it reads; returns its result and those values with their versions. */
function tracked<T>(fn: () => T): { value: T; read: Map<Source, number> } {
  const outer = reading;
  const read = new Map<Source, number>();
  reading = read;
  try {
    return { value: fn(), read };
  } finally {
    reading = outer;
  }
}

/** Whether any value read (at these versions) has changed since. */
function moved(read: Map<Source, number>): boolean {
  for (const [source, version] of read) {
    source.refresh();
    if (source.version !== version) return true;
  }
  return false;
}

/** Runs the effects waiting, the oldest first, each once (one that sets a signal queues more). */
function flush(): void {
  if (held > 0 || flushing) return;
  flushing = true;
  let failure: { error: unknown } | null = null;
  try {
    while (queue.size > 0) {
      let next: EffectNode | null = null;
      for (const node of queue) if (next === null || node.order < next.order) next = node;
      if (next === null) break;
      queue.delete(next);
      try {
        next.run();
      } catch (error) {
        // the other effects still run; the first failure is thrown once they have
        failure ??= { error };
      }
    }
  } finally {
    flushing = false;
  }
  if (failure !== null) throw failure.error;
}

export interface Readable<T> {
  /** the value, noting the read in the computed or effect running */
  get(): T;
  /** the value, without noting the read */
  peek(): T;
}

export interface Signal<T> extends Readable<T> {
  set(value: T): void;
  /** sets the value from the one before */
  update(change: (value: T) => T): void;
}

class SignalNode<T> implements Source, Signal<T> {
  version = 0;
  readonly observers = new Set<Observer>();

  constructor(
    private value: T,
    private readonly equals: (a: T, b: T) => boolean,
  ) {}

  get(): T {
    track(this);
    return this.value;
  }

  peek(): T {
    return this.value;
  }

  refresh(): void {}

  set(value: T): void {
    if (this.equals(this.value, value)) return;
    this.value = value;
    this.version++;
    for (const observer of [...this.observers]) observer.stale();
    flush();
  }

  update(change: (value: T) => T): void {
    this.set(change(this.value));
  }
}

class ComputedNode<T> implements Source, Observer, Readable<T> {
  version = 0;
  readonly observers = new Set<Observer>();
  private value: { current: T } | null = null;
  private read = new Map<Source, number>();
  private dirty = true;

  constructor(
    private readonly fn: () => T,
    private readonly equals: (a: T, b: T) => boolean,
  ) {}

  get(): T {
    this.refresh();
    track(this);
    return (this.value as { current: T }).current;
  }

  peek(): T {
    this.refresh();
    return (this.value as { current: T }).current;
  }

  stale(): void {
    if (this.dirty) return;
    this.dirty = true;
    for (const observer of [...this.observers]) observer.stale();
  }

  refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.value !== null && !moved(this.read)) return;
    for (const source of this.read.keys()) source.observers.delete(this);
    const { value, read } = tracked(this.fn);
    this.read = read;
    for (const source of read.keys()) source.observers.add(this);
    if (this.value === null || !this.equals(this.value.current, value)) {
      this.value = { current: value };
      this.version++;
    }
  }
}

class EffectNode implements Observer {
  readonly order = effectsMade++;
  private read = new Map<Source, number>();
  private disposed = false;
  private ran = false;

  constructor(private readonly fn: () => void) {}

  stale(): void {
    if (!this.disposed) queue.add(this);
  }

  run(): void {
    if (this.disposed || (this.ran && !moved(this.read))) return;
    this.ran = true;
    for (const source of this.read.keys()) source.observers.delete(this);
    const { read } = tracked(this.fn);
    this.read = read;
    if (this.disposed) return;
    for (const source of read.keys()) source.observers.add(this);
  }

  dispose(): void {
    this.disposed = true;
    queue.delete(this);
    for (const source of this.read.keys()) source.observers.delete(this);
  }
}

/** A value set from outside; a set to an equal value (Object.is, or `equals`) changes nothing. */
export function signal<T>(value: T, equals: (a: T, b: T) => boolean = Object.is): Signal<T> {
  return new SignalNode(value, equals);
}

/** A value derived from others, computed when first read and again only after they change. */
export function computed<T>(fn: () => T, equals: (a: T, b: T) => boolean = Object.is): Readable<T> {
  return new ComputedNode(fn, equals);
}

/** Runs `fn` now and after every change to what it read; returns a function that stops it. */
export function effect(fn: () => void): () => void {
  const node = new EffectNode(fn);
  node.run();
  return () => node.dispose();
}

/** Sets several signals, then runs the effects they concern once each. */
export function batch(fn: () => void): void {
  held++;
  try {
    fn();
  } finally {
    held--;
    flush();
  }
}

/** Reads values without depending on them (inside an effect that should not rerun for them). */
export function untracked<T>(fn: () => T): T {
  const outer = reading;
  reading = null;
  try {
    return fn();
  } finally {
    reading = outer;
  }
}
