/**
 * The network as TensorFlow Playground draws it: a column of nodes per layer, an edge per weight
 * whose thickness is its size and whose colour its sign (orange pushes towards class 1, blue
 * towards class 0), updated as the run goes. Hovering or focusing a hidden unit shows its own
 * small heatmap: what that unit computes over the plane.
 */
import { inputWidth, layerShapes, type ModelSpec } from '../core/spec.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 420;
const HEIGHT = 200;
const MARGIN_X = 34;
const MARGIN_Y = 12;
/** Edge updates past this many are spread out: at most one redraw of them every 100 ms. */
const MANY_EDGES = 1500;

const FEATURE_LABELS: Readonly<Record<string, string>> = {
  x2: 'x0²',
  y2: 'x1²',
  xy: 'x0·x1',
  sinx: 'sin x0',
  siny: 'sin x1',
};

interface Edge {
  readonly line: SVGLineElement;
  readonly param: number;
}

export interface UnitHover {
  readonly layer: number;
  readonly unit: number;
}

function node(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** The label each input node carries: x0, x1, …, then the extra features. */
function inputLabels(spec: ModelSpec): string[] {
  return [
    ...Array.from({ length: spec.inputs }, (_, k) => `x${k}`),
    ...spec.features.map((f) => FEATURE_LABELS[f] ?? f),
  ];
}

export class NetworkView {
  private edges: Edge[] = [];
  private lastEdgeDraw = 0;
  private spec: ModelSpec | null = null;

  constructor(
    private readonly svg: SVGSVGElement,
    /** told which hidden unit is hovered or focused, or null when none is */
    private readonly onHover: (hover: UnitHover | null) => void,
  ) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  }

  /** Builds the nodes and edges for a model (null: nothing to draw). */
  setModel(spec: ModelSpec | null): void {
    const same = JSON.stringify(spec) === JSON.stringify(this.spec);
    if (same) return;
    this.spec = spec;
    this.svg.replaceChildren();
    this.edges = [];
    if (spec === null) return;
    const widths = [inputWidth(spec), ...spec.hidden, 1];
    const columns = widths.length;
    const x = (c: number) => MARGIN_X + (c * (WIDTH - 2 * MARGIN_X)) / (columns - 1);
    const spacing = (n: number) => Math.min(26, (HEIGHT - 2 * MARGIN_Y) / Math.max(1, n));
    const y = (c: number, i: number) => {
      const n = widths[c] as number;
      return HEIGHT / 2 + (i - (n - 1) / 2) * spacing(n);
    };
    const edgeGroup = node('g', { class: 'edges' });
    const nodeGroup = node('g', { class: 'nodes' });
    this.svg.append(edgeGroup, nodeGroup);
    layerShapes(spec).forEach((layer, l) => {
      for (let j = 0; j < layer.outputs; j++) {
        for (let k = 0; k < layer.inputs; k++) {
          const line = node('line', {
            x1: x(l),
            y1: y(l, k),
            x2: x(l + 1),
            y2: y(l + 1, j),
          }) as SVGLineElement;
          edgeGroup.append(line);
          this.edges.push({ line, param: layer.weightOffset + j * layer.inputs + k });
        }
      }
    });
    const labels = inputLabels(spec);
    widths.forEach((n, c) => {
      const radius = Math.max(2.5, Math.min(9, spacing(n) / 2.6));
      for (let i = 0; i < n; i++) {
        const hidden = c > 0 && c < columns - 1;
        const circle = node('circle', {
          cx: x(c),
          cy: y(c, i),
          r: radius,
          class: hidden ? 'unit hidden-unit' : c === 0 ? 'unit input' : 'unit output',
        });
        if (hidden) this.makeHoverable(circle, c - 1, i);
        nodeGroup.append(circle);
        if (c === 0 && n <= 12) {
          const text = node('text', {
            x: x(0) - radius - 3,
            y: y(0, i) + 3.5,
            class: 'node-label',
          });
          text.textContent = labels[i] ?? '';
          nodeGroup.append(text);
        }
      }
    });
    this.svg.dataset['edges'] = String(this.edges.length);
  }

  private makeHoverable(circle: SVGElement, layer: number, unit: number): void {
    circle.setAttribute('tabindex', '0');
    circle.setAttribute('role', 'button');
    circle.setAttribute(
      'aria-label',
      `hidden layer ${layer + 1}, unit ${unit + 1}: show what it computes`,
    );
    circle.dataset['testid'] = `unit-${layer + 1}-${unit + 1}`;
    const show = () => this.onHover({ layer, unit });
    const hide = () => this.onHover(null);
    circle.addEventListener('mouseenter', show);
    circle.addEventListener('focus', show);
    circle.addEventListener('mouseleave', hide);
    circle.addEventListener('blur', hide);
  }

  /** Thickness and colour of every edge from the params (W then b per layer). */
  setParams(params: ArrayLike<number>): void {
    const now = performance.now();
    if (this.edges.length > MANY_EDGES && now - this.lastEdgeDraw < 100) return;
    this.lastEdgeDraw = now;
    for (const { line, param } of this.edges) {
      const w = params[param] as number;
      const width = Number.isFinite(w) ? Math.min(6, 0.35 + 1.6 * Math.abs(w)) : 0.35;
      line.setAttribute('stroke-width', width.toFixed(2));
      line.setAttribute('class', w >= 0 ? 'edge positive' : 'edge negative');
    }
  }
}

/** Paints a unit's activations as a small heatmap, scaled so its largest |a| is the strongest colour. */
export function paintUnit(canvas: HTMLCanvasElement, values: Float64Array, cells: number): void {
  canvas.width = cells;
  canvas.height = cells;
  const context = canvas.getContext('2d');
  if (context === null) return;
  let largest = 1e-12;
  for (const v of values) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  const image = context.createImageData(cells, cells);
  for (let i = 0; i < cells * cells; i++) {
    const t = Math.max(-1, Math.min(1, (values[i] as number) / largest)) * 0.8;
    const target = t < 0 ? [59, 130, 246] : [249, 115, 22];
    const a = Math.abs(t);
    image.data.set(
      [0, 1, 2].map((k) => Math.round(255 + ((target[k] as number) - 255) * a)).concat(255),
      4 * i,
    );
  }
  context.putImageData(image, 0, 0);
}
