import { describe, expect, it } from 'vitest';
import { batch, computed, effect, signal, untracked } from '../../src/page/store.ts';

describe("the page's store", () => {
  it('computes a derived value when first read, and again only after what it read changes', () => {
    const samples = signal(100);
    const other = signal('x');
    let runs = 0;
    const label = computed(() => {
      runs++;
      return `${samples.get()} samples`;
    });
    expect(runs).toBe(0);
    expect(label.get()).toBe('100 samples');
    expect(label.get()).toBe('100 samples');
    other.set('y');
    expect(label.get()).toBe('100 samples');
    expect(runs).toBe(1);
    samples.set(200);
    expect(label.get()).toBe('200 samples');
    expect(runs).toBe(2);
    samples.set(200); // equal: no change
    expect(label.get()).toBe('200 samples');
    expect(runs).toBe(2);
  });

  it('runs an effect now and after each change to what it read, once per change', () => {
    const a = signal(1);
    const seen: number[] = [];
    effect(() => {
      seen.push(a.get());
    });
    a.set(2);
    a.set(2);
    a.set(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('runs an effect once for a diamond (two derived values of one signal), seeing both up to date', () => {
    const n = signal(1);
    const double = computed(() => 2 * n.get());
    const square = computed(() => n.get() * n.get());
    const seen: string[] = [];
    effect(() => {
      seen.push(`${double.get()},${square.get()}`);
    });
    n.set(3);
    expect(seen).toEqual(['2,1', '6,9']);
  });

  it('stops at a derived value that came out equal: effects after it do not run', () => {
    const n = signal(2);
    const parity = computed(() => n.get() % 2);
    let runs = 0;
    effect(() => {
      parity.get();
      runs++;
    });
    n.set(4);
    n.set(6);
    expect(runs).toBe(1);
    n.set(7);
    expect(runs).toBe(2);
  });

  it('follows what was read last time: a branch not taken is no longer a dependency', () => {
    const useA = signal(true);
    const a = signal('a1');
    const b = signal('b1');
    const seen: string[] = [];
    effect(() => {
      seen.push(useA.get() ? a.get() : b.get());
    });
    useA.set(false);
    a.set('a2'); // not read now
    b.set('b2');
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('holds effects back in a batch, then runs each once', () => {
    const x = signal(0);
    const y = signal(0);
    const seen: string[] = [];
    effect(() => {
      seen.push(`${x.get()}+${y.get()}`);
    });
    batch(() => {
      x.set(1);
      y.set(2);
    });
    expect(seen).toEqual(['0+0', '1+2']);
  });

  it('lets an effect set a signal that another effect reads, and runs that one after it', () => {
    const source = signal(1);
    const mirror = signal(0);
    const seen: number[] = [];
    effect(() => mirror.set(source.get() * 10));
    effect(() => {
      seen.push(mirror.get());
    });
    source.set(2);
    expect(seen).toEqual([10, 20]);
  });

  it('stops an effect that is disposed, and does not track reads inside untracked', () => {
    const a = signal(1);
    const b = signal(1);
    let runs = 0;
    const stop = effect(() => {
      a.get();
      untracked(() => b.get());
      runs++;
    });
    b.set(2);
    expect(runs).toBe(1);
    a.set(2);
    expect(runs).toBe(2);
    stop();
    a.set(3);
    expect(runs).toBe(2);
  });

  it('runs the other effects when one throws, then throws its error', () => {
    const a = signal(0);
    const seen: number[] = [];
    effect(() => {
      if (a.get() === 1) throw new Error('broken');
    });
    effect(() => {
      seen.push(a.get());
    });
    expect(() => a.set(1)).toThrow('broken');
    expect(seen).toEqual([0, 1]);
    a.set(2);
    expect(seen).toEqual([0, 1, 2]);
  });
});
