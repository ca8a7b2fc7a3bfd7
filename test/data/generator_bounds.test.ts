import { describe, expect, it } from 'vitest';
import { GENERATOR_BOUNDS, generators, ParameterError } from '../../src/data/index.ts';

/** A small valid call of each generator, to move one parameter away from. */
const BASE = { nSamples: 20, randomState: 0 };

describe("each generator's bounds, as a form reads them", () => {
  it("hold TensorFlow Playground's noise range for xor and spiral (its slider: 0 to 50, over 100)", () => {
    for (const name of ['xor', 'spiral'] as const) {
      const noise = GENERATOR_BOUNDS[name].find((b) => b.key === 'noise');
      expect(noise?.interval).toEqual({ min: 0, max: 0.5 });
    }
  });

  for (const [name, bounds] of Object.entries(GENERATOR_BOUNDS)) {
    const make = generators[name as keyof typeof GENERATOR_BOUNDS];
    for (const bound of bounds) {
      const { min, max } = bound.interval;
      it(`${name}: ${bound.key} takes its ends and refuses what lies past them`, () => {
        const at = (value: number) => () => make({ ...BASE, [bound.key]: value });
        const step = bound.integer ? 1 : 1e-9;
        if (min !== undefined) {
          expect(at(min)).not.toThrow();
          expect(at(min - step)).toThrow(ParameterError);
          expect(at(min - step)).toThrow(bound.parameter);
        }
        if (max !== undefined) {
          expect(at(max)).not.toThrow();
          expect(at(max + step)).toThrow(ParameterError);
        }
      });
    }
  }
});
