/**
 * The plot's two axes for data of more than two features: a list for each, of the features by
 * name (the user's own names, set as text). Picking on one axis the feature the other shows swaps
 * them, so the plot never shows one feature against itself.
 */
import { element, setOptions } from './dom.ts';

export class AxesPicker {
  private readonly box = element('plot-axes', HTMLElement);
  private readonly across = element('plot-x', HTMLSelectElement);
  private readonly up = element('plot-y', HTMLSelectElement);
  private chosen: readonly [number, number] = [0, 1];
  private names: readonly string[] = [];

  constructor(onChange: (axes: readonly [number, number]) => void) {
    const pick = (axis: 0 | 1, value: number) => {
      const [x, y] = this.chosen;
      const other = axis === 0 ? y : x;
      const next: [number, number] =
        axis === 0 ? [value, value === other ? x : y] : [value === other ? y : x, value];
      this.set(next);
      onChange(next);
    };
    this.across.addEventListener('change', () => pick(0, Number(this.across.value)));
    this.up.addEventListener('change', () => pick(1, Number(this.up.value)));
  }

  get axes(): readonly [number, number] {
    return this.chosen;
  }

  /**
   * The features to choose from; shown only for more than two. The axes keep their features
   * where the new list still has them (the same file read with other columns left out), else
   * take `preferred`. Returns the axes now.
   */
  setFeatures(
    names: readonly string[],
    preferred: readonly [number, number] = [0, 1],
  ): readonly [number, number] {
    const kept = this.chosen.map((j) => names.indexOf(this.names[j] ?? '')) as [number, number];
    const same = this.names.length > 0;
    this.names = names;
    const choices = names.map((name, j) => ({ value: String(j), label: name }));
    setOptions(this.across, choices);
    setOptions(this.up, choices);
    this.box.hidden = names.length <= 2;
    const [x, y] = kept;
    this.set(same && x >= 0 && y >= 0 && x !== y ? kept : preferred);
    return this.chosen;
  }

  private set(axes: readonly [number, number]): void {
    this.chosen = axes;
    this.across.value = String(axes[0]);
    this.up.value = String(axes[1]);
  }
}
