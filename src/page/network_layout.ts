/**
 * Where the network's nodes go, as TensorFlow Playground lays them out: a column per layer
 * (inputs, each hidden layer, the outputs), each node a small square heatmap, the columns spread
 * across the box and each column centred. A column of many nodes (a wide layer, a file of 30
 * features) makes the box taller rather than the nodes unreadably small. On a narrow (touch)
 * screen every node is a target at least 44 px tall, and a column draws fewer of a wide layer's.
 */

export interface NodePlace {
  /** the node's top-left corner, its width and height (its target), in CSS pixels of the box */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** the side of its square heatmap, centred in it */
  readonly size: number;
}

export interface NetworkLayout {
  readonly width: number;
  readonly height: number;
  /** per column (inputs, hidden layers, outputs), its nodes top to bottom */
  readonly columns: readonly (readonly NodePlace[])[];
}

/** Room at the left for the inputs' names, at the right for the outputs'. */
export const LABEL_ROOM = { left: 64, right: 48 } as const;
const NODE_MOST = 34;
const NODE_LEAST = 10;
/** A touch target's least height, as the platforms' guidelines ask. */
export const TOUCH_TARGET = 44;
/** Boxes narrower than this are a phone's: touch-sized nodes. */
export const TOUCH_WIDTH = 560;
/** Height the nodes share before the box grows. */
const USUAL_HEIGHT = 220;

/** The most nodes a column draws; a wider layer draws its first ones and says how many more it has. */
export const MOST_DRAWN = 64;
const MOST_DRAWN_TOUCH = 16;

/** How many of a layer's `n` nodes are drawn in a box `width` wide. */
export function drawnOf(n: number, width: number): number {
  return Math.min(n, width < TOUCH_WIDTH ? MOST_DRAWN_TOUCH : MOST_DRAWN);
}

/** The layout of nodes for layer widths `widths` (inputs first, outputs last) in a box `width` wide. */
export function networkLayout(allWidths: readonly number[], width: number): NetworkLayout {
  const touch = width < TOUCH_WIDTH;
  const widths = allWidths.map((n) => drawnOf(n, width));
  const columns = widths.length;
  const tallest = Math.max(1, ...widths);
  const across = Math.max(1, width - LABEL_ROOM.left - LABEL_ROOM.right);
  // nodes as large as the gaps between columns allow, and as the tallest column allows
  const byColumns = (across / Math.max(1, columns)) * 0.45;
  const byHeight = USUAL_HEIGHT / (tallest * 1.3);
  const size = Math.round(Math.max(NODE_LEAST, Math.min(NODE_MOST, byColumns, byHeight)));
  // a touch target is 44 px tall, and as wide as the columns leave room for
  const nodeWidth = touch ? Math.max(size, Math.min(TOUCH_TARGET, across / columns - 4)) : size;
  const nodeHeight = touch ? Math.max(size, TOUCH_TARGET) : size;
  const gap = touch ? 4 : Math.max(3, Math.round(size * 0.3));
  // room under a column cut short for the count of the nodes not drawn
  const cut = allWidths.some((n, c) => n > (widths[c] ?? 0)) ? 14 : 0;
  const height = Math.max(USUAL_HEIGHT, tallest * (nodeHeight + gap) + gap + cut);
  const step = columns > 1 ? (across - nodeWidth) / (columns - 1) : 0;
  return {
    width,
    height,
    columns: widths.map((n, c) => {
      const x = LABEL_ROOM.left + (columns > 1 ? c * step : (across - nodeWidth) / 2);
      const top = (height - cut - (n * nodeHeight + (n - 1) * gap)) / 2;
      return Array.from({ length: n }, (_, i) => ({
        x,
        y: top + i * (nodeHeight + gap),
        width: nodeWidth,
        height: nodeHeight,
        size: Math.min(size, nodeWidth),
      }));
    }),
  };
}
