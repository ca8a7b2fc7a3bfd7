/**
 * The network as TensorFlow Playground draws it: a column of nodes per layer, each node a small
 * heatmap of what it computes over the plot's plane (an input's value, a hidden unit's
 * activation, the output), always shown and redrawn as the run goes; an edge per weight whose
 * thickness is its size and whose colour its sign (orange positive, blue negative). Hovering or
 * focusing a node shows its heatmap large; hovering an edge says its weight, and a click on it
 * (while no run is going) lets a person type another.
 */
import type { HeadName } from '../core/heads.ts';
import { inputWidth, layerShapes, type ModelSpec } from '../core/spec.ts';
import { paintDiverging, paintHeat, type HeatPalette } from './heat_colours.ts';
import {
  drawnOf,
  LABEL_ROOM,
  networkLayout,
  type NetworkLayout,
  type NodePlace,
} from './network_layout.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** Edge updates past this many are spread out: at most one redraw of them every 100 ms. */
const MANY_EDGES = 1500;
/** How near the pointer an edge must pass to be the one hovered, in CSS pixels. */
const EDGE_REACH = 5;
/** The most cells a node's small heatmap takes per side. */
const THUMB_CELLS = 24;

const FEATURE_LABELS: Readonly<Record<string, string>> = {
  x2: 'x0²',
  y2: 'x1²',
  xy: 'x0·x1',
  sinx: 'sin x0',
  siny: 'sin x1',
};

/** A node: an input (column 0), a hidden unit (layer from 0) or an output. */
export type NodeRef =
  | { readonly kind: 'input'; readonly unit: number }
  | { readonly kind: 'hidden'; readonly layer: number; readonly unit: number }
  | { readonly kind: 'output'; readonly unit: number };

/** What the nodes compute over the plane, cells² values each, rows from the top. */
export interface NodeValues {
  readonly cells: number;
  readonly inputs: readonly Float64Array[];
  readonly hidden: readonly (readonly Float64Array[])[];
  /** per output, what the plot shows of it (a probability, or a value) */
  readonly outputs: readonly Float64Array[];
}

interface Edge {
  readonly line: SVGLineElement;
  readonly param: number;
  readonly from: string;
  readonly to: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface NetworkHandlers {
  /** the node hovered or focused, or null when none is */
  hover(node: NodeRef | null): void;
  /** a weight typed in for param `param`; `edge` names it ("from x0 to hidden layer 1, unit 2") */
  editWeight(param: number, value: number, edge: string): void;
}

/** The names each input node carries: the data's features, then the extra ones. */
function inputLabels(spec: ModelSpec, names: readonly string[]): string[] {
  return [
    ...Array.from({ length: spec.inputs }, (_, k) => names[k] ?? `x${k}`),
    ...spec.features.map((f) => FEATURE_LABELS[f] ?? f),
  ];
}

/** The name of a node, as captions and tips say it. */
export function nodeName(node: NodeRef, labels: readonly string[]): string {
  if (node.kind === 'input') return `input ${labels[node.unit] ?? node.unit + 1}`;
  if (node.kind === 'hidden') return `hidden layer ${node.layer + 1}, unit ${node.unit + 1}`;
  return 'the output';
}

/** Distance from (px, py) to the segment from (x1, y1) to (x2, y2). */
function distanceToSegment(px: number, py: number, e: Edge): number {
  const dx = e.x2 - e.x1;
  const dy = e.y2 - e.y1;
  const t = Math.max(0, Math.min(1, ((px - e.x1) * dx + (py - e.y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (e.x1 + t * dx), py - (e.y1 + t * dy));
}

const weightText = (w: number) => String(Number(w.toPrecision(4)));

export class NetworkView {
  private edges: Edge[] = [];
  private lastEdgeDraw = 0;
  private spec: ModelSpec | null = null;
  private names: readonly string[] = [];
  private labels: string[] = [];
  private params: ArrayLike<number> = [];
  private canvases: { readonly node: NodeRef; readonly canvas: HTMLCanvasElement }[] = [];
  private readonly nodes: HTMLElement;
  private readonly tip: HTMLElement;
  private readonly editor: HTMLFormElement;
  private readonly editorInput: HTMLInputElement;
  private editing: Edge | null = null;
  private editable = false;
  private layout: NetworkLayout | null = null;
  private scale: { head: HeadName; low: number; high: number; names: readonly string[] } = {
    head: 'binary',
    low: 0,
    high: 1,
    names: [],
  };
  private discrete = false;

  constructor(
    private readonly box: HTMLElement,
    private readonly svg: SVGSVGElement,
    private readonly handlers: NetworkHandlers,
  ) {
    this.nodes = document.createElement('div');
    this.nodes.className = 'nodes';
    this.tip = document.createElement('p');
    this.tip.className = 'edge-tip';
    this.tip.dataset['testid'] = 'edge-tip';
    this.tip.setAttribute('role', 'status');
    this.tip.hidden = true;
    this.editor = document.createElement('form');
    this.editor.className = 'edge-editor';
    this.editor.dataset['testid'] = 'edge-editor';
    this.editor.hidden = true;
    const label = document.createElement('label');
    this.editorInput = document.createElement('input');
    this.editorInput.type = 'text';
    this.editorInput.inputMode = 'decimal';
    this.editorInput.autocomplete = 'off';
    this.editorInput.dataset['testid'] = 'edge-weight';
    label.append('Weight ', this.editorInput);
    this.editor.append(label);
    box.append(this.nodes, this.tip, this.editor);
    box.addEventListener('pointermove', (event) => this.pointerMoved(event));
    box.addEventListener('pointerleave', () => this.showTip(null));
    box.addEventListener('click', (event) => this.clicked(event));
    this.editor.addEventListener('submit', (event) => {
      event.preventDefault();
      this.applyEdit();
    });
    this.editorInput.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closeEditor();
    });
    new ResizeObserver(() => {
      if (this.spec !== null && this.layout?.width !== this.box.clientWidth) this.build();
    }).observe(box);
  }

  /** Builds the nodes and edges for a model (null: nothing to draw); `names` are the data's features. */
  setModel(spec: ModelSpec | null, names: readonly string[] = []): void {
    if (JSON.stringify([spec, names]) === JSON.stringify([this.spec, this.names])) return;
    this.spec = spec;
    this.names = names;
    this.build();
  }

  /** The input nodes' names: the data's features, then the extra ones. */
  get inputNames(): readonly string[] {
    return this.labels;
  }

  /** Whether a weight may be changed now (no run going). */
  setEditable(editable: boolean): void {
    this.editable = editable;
    if (!editable) this.closeEditor();
  }

  /**
   * What the outputs mean: the head, the classes' names, and a regression's target range, which
   * their heatmaps span. Each output node is labelled with its class (or ŷ for a value).
   */
  setScale(scale: { head: HeadName; low: number; high: number; names: readonly string[] }): void {
    const relabel = JSON.stringify(scale) !== JSON.stringify(this.scale);
    this.scale = scale;
    if (relabel && this.spec !== null) this.build();
  }

  /** How output node k is painted. */
  paletteOf(k: number): HeatPalette {
    const { head, low, high } = this.scale;
    if (head === 'regression') return { kind: 'value', low, high };
    if (head === 'multiclass') return { kind: 'class', k };
    return { kind: 'probability' };
  }

  /** What output node k shows, in words. */
  outputMeaning(k: number): string {
    const { head, names } = this.scale;
    if (head === 'regression') return 'the value the model predicts over the plane';
    if (head === 'multiclass')
      return `the model's probability of class ${names[k] ?? k} over the plane`;
    return "the model's probability of class 1 over the plane";
  }

  /** Whether Discretize output is on. */
  get discretized(): boolean {
    return this.discrete;
  }

  /** An output node's label: its class, or ŷ for a value. */
  private outputLabel(k: number): string {
    const { head, names } = this.scale;
    if (head === 'regression') return 'ŷ';
    if (head === 'multiclass') return names[k] ?? String(k);
    return 'P(1)';
  }

  /** Output nodes painted with the class decided, not how sure the model is (Discretize output). */
  setDiscretize(on: boolean): void {
    this.discrete = on;
  }

  private build(): void {
    const spec = this.spec;
    this.svg.replaceChildren();
    this.nodes.replaceChildren();
    this.edges = [];
    this.canvases = [];
    this.closeEditor();
    this.showTip(null);
    if (spec === null) {
      this.layout = null;
      this.svg.removeAttribute('height');
      this.svg.dataset['edges'] = '0';
      return;
    }
    const widths = [inputWidth(spec), ...spec.hidden, spec.outputs];
    const layout = networkLayout(widths, Math.max(200, this.box.clientWidth));
    this.layout = layout;
    this.labels = inputLabels(spec, this.names);
    this.svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    this.svg.setAttribute('height', String(layout.height));
    this.nodes.style.height = `${layout.height}px`;
    const fragment = document.createDocumentFragment();
    layerShapes(spec).forEach((layer, l) => {
      const from = layout.columns[l] ?? [];
      const to = layout.columns[l + 1] ?? [];
      for (let j = 0; j < drawnOf(layer.outputs, layout.width); j++) {
        for (let k = 0; k < drawnOf(layer.inputs, layout.width); k++) {
          const a = from[k];
          const b = to[j];
          if (a === undefined || b === undefined) continue;
          const ends = {
            x1: a.x + (a.width + a.size) / 2,
            y1: a.y + a.height / 2,
            x2: b.x + (b.width - b.size) / 2,
            y2: b.y + b.height / 2,
          };
          const line = document.createElementNS(SVG, 'line');
          for (const [name, value] of Object.entries(ends)) line.setAttribute(name, String(value));
          fragment.append(line);
          this.edges.push({
            line,
            param: layer.weightOffset + j * layer.inputs + k,
            from: nodeName(
              l === 0 ? { kind: 'input', unit: k } : { kind: 'hidden', layer: l - 1, unit: k },
              this.labels,
            ),
            to: nodeName(
              l + 1 === widths.length - 1
                ? { kind: 'output', unit: j }
                : { kind: 'hidden', layer: l, unit: j },
              this.labels,
            ),
            ...ends,
          });
        }
      }
    });
    this.svg.append(fragment);
    this.svg.dataset['edges'] = String(this.edges.length);
    layout.columns.forEach((column, c) => {
      const more = (widths[c] ?? 0) - column.length;
      const last = column.at(-1);
      if (more > 0 && last !== undefined) {
        const note = document.createElement('span');
        note.className = 'more-nodes';
        note.textContent = `+${more} more`;
        Object.assign(note.style, { left: `${last.x}px`, top: `${last.y + last.height + 2}px` });
        this.nodes.append(note);
      }
    });
    layout.columns.forEach((column, c) =>
      column.forEach((place, i) => {
        const node: NodeRef =
          c === 0
            ? { kind: 'input', unit: i }
            : c === layout.columns.length - 1
              ? { kind: 'output', unit: i }
              : { kind: 'hidden', layer: c - 1, unit: i };
        this.nodes.append(this.nodeElement(node, place));
      }),
    );
    this.drawEdges(true);
  }

  private nodeElement(node: NodeRef, place: NodePlace): HTMLElement {
    const element = document.createElement('div');
    element.className = `node ${node.kind}`;
    Object.assign(element.style, {
      left: `${place.x}px`,
      top: `${place.y}px`,
      width: `${place.width}px`,
      height: `${place.height}px`,
    });
    const canvas = document.createElement('canvas');
    // the heatmap is a square in the middle of the node's target
    Object.assign(canvas.style, { width: `${place.size}px`, height: `${place.size}px` });
    canvas.width = 1;
    canvas.height = 1;
    const name = nodeName(node, this.labels);
    if (node.kind === 'hidden') {
      const id = `${node.layer + 1}-${node.unit + 1}`;
      element.tabIndex = 0;
      element.setAttribute('role', 'button');
      element.setAttribute('aria-label', `${name}: show what it computes`);
      element.dataset['testid'] = `unit-${id}`;
      canvas.dataset['testid'] = `unit-heatmap-${id}`;
    } else {
      canvas.dataset['testid'] = `${node.kind}-heatmap-${node.unit + 1}`;
      element.title = name;
    }
    canvas.setAttribute('aria-hidden', 'true');
    element.append(canvas);
    if (node.kind !== 'hidden') {
      const label = document.createElement('span');
      label.className = 'node-label';
      label.textContent =
        node.kind === 'input' ? (this.labels[node.unit] ?? '') : this.outputLabel(node.unit);
      label.style.maxWidth = `${(node.kind === 'input' ? LABEL_ROOM.left : LABEL_ROOM.right) - 6}px`;
      element.append(label);
    }
    const show = () => this.handlers.hover(node);
    const hide = () => this.handlers.hover(null);
    element.addEventListener('mouseenter', show);
    element.addEventListener('mouseleave', hide);
    element.addEventListener('focus', show);
    element.addEventListener('blur', hide);
    this.canvases.push({ node, canvas });
    return element;
  }

  /** Thickness and colour of every edge from the params (W then b per layer). */
  setParams(params: ArrayLike<number>): void {
    this.params = params;
    this.drawEdges(false);
  }

  private drawEdges(now: boolean): void {
    const time = performance.now();
    if (!now && this.edges.length > MANY_EDGES && time - this.lastEdgeDraw < 100) return;
    this.lastEdgeDraw = time;
    for (const { line, param } of this.edges) {
      const w = this.params[param];
      if (w === undefined) continue;
      const width = Number.isFinite(w) ? Math.min(6, 0.35 + 1.6 * Math.abs(w)) : 0.35;
      line.setAttribute('stroke-width', width.toFixed(2));
      line.setAttribute('class', w >= 0 ? 'edge positive' : 'edge negative');
    }
  }

  /** Paints every node's small heatmap from what the nodes compute over the plane. */
  paintNodes(values: NodeValues | null): void {
    for (const { node, canvas } of this.canvases) {
      const field =
        values === null
          ? undefined
          : node.kind === 'input'
            ? values.inputs[node.unit]
            : node.kind === 'hidden'
              ? values.hidden[node.layer]?.[node.unit]
              : values.outputs[node.unit];
      if (field === undefined || values === null) {
        canvas.width = 1;
        canvas.height = 1;
        continue;
      }
      const thumb = Math.min(values.cells, THUMB_CELLS);
      if (node.kind === 'output')
        paintHeat(canvas, field, values.cells, thumb, this.paletteOf(node.unit), this.discrete);
      else paintDiverging(canvas, field, values.cells, thumb);
    }
  }

  private edgeAt(event: PointerEvent | MouseEvent): Edge | null {
    if (event.target instanceof Element && event.target.closest('.node, .edge-editor') !== null)
      return null;
    const bounds = this.svg.getBoundingClientRect();
    const layout = this.layout;
    if (layout === null || bounds.width === 0) return null;
    const scale = layout.width / bounds.width;
    const x = (event.clientX - bounds.left) * scale;
    const y = (event.clientY - bounds.top) * scale;
    let best: Edge | null = null;
    let nearest = EDGE_REACH * scale;
    for (const edge of this.edges) {
      const d = distanceToSegment(x, y, edge);
      if (d <= nearest) [best, nearest] = [edge, d];
    }
    return best;
  }

  private pointerMoved(event: PointerEvent): void {
    if (!this.editor.hidden) return;
    this.showTip(this.edgeAt(event), event);
  }

  private showTip(edge: Edge | null, event?: PointerEvent | MouseEvent): void {
    for (const line of this.svg.querySelectorAll('line.hot')) line.classList.remove('hot');
    if (edge === null || event === undefined) {
      this.tip.hidden = true;
      return;
    }
    edge.line.classList.add('hot');
    const w = this.params[edge.param] ?? NaN;
    this.tip.textContent = `weight ${weightText(w)}, from ${edge.from} to ${edge.to}: ${this.editable ? 'click to change it' : 'pause or stop the run to change it'}`;
    this.place(this.tip, event);
    this.tip.hidden = false;
  }

  private place(element: HTMLElement, event: PointerEvent | MouseEvent): void {
    const bounds = this.box.getBoundingClientRect();
    const x = event.clientX - bounds.left;
    element.style.top = `${event.clientY - bounds.top + 12}px`;
    // kept inside the box: from the pointer rightwards, or leftwards near the right edge
    element.style.left = x < bounds.width / 2 ? `${x}px` : '';
    element.style.right = x < bounds.width / 2 ? '' : `${bounds.width - x}px`;
  }

  private clicked(event: MouseEvent): void {
    if (event.target instanceof Element && event.target.closest('.edge-editor') !== null) return;
    const edge = this.edgeAt(event);
    if (edge === null || !this.editable) {
      this.closeEditor();
      return;
    }
    this.editing = edge;
    this.tip.hidden = true;
    this.editorInput.value = weightText(this.params[edge.param] ?? 0);
    this.editorInput.setAttribute('aria-label', `the weight from ${edge.from} to ${edge.to}`);
    this.place(this.editor, event);
    this.editor.hidden = false;
    this.editorInput.focus();
    this.editorInput.select();
  }

  private applyEdit(): void {
    const edge = this.editing;
    const text = this.editorInput.value.trim();
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
    if (edge === null || !Number.isFinite(value)) {
      this.editorInput.setAttribute('aria-invalid', 'true');
      return;
    }
    this.closeEditor();
    this.handlers.editWeight(edge.param, value, `from ${edge.from} to ${edge.to}`);
  }

  private closeEditor(): void {
    this.editing = null;
    this.editor.hidden = true;
    this.editorInput.removeAttribute('aria-invalid');
  }
}
