import { createReadStream } from 'node:fs';
import { readTableStream, type ReadTableOptions, type Table } from '../data/index.ts';

/** Bytes per read: large enough that per-chunk work is small, small enough to stay streaming. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a CSV file as it streams from disk, never holding its whole text: the memory it needs is
 * the float64 features and int32 labels (twice over for a moment, when the blocks are joined).
 * A file that cannot be opened rejects with Node's error (its `code`, e.g. ENOENT).
 */
export function readTableFile(path: string, options: ReadTableOptions = {}): Promise<Table> {
  return readTableStream(createReadStream(path, { highWaterMark: CHUNK_BYTES }), {
    source: path,
    ...options,
  });
}
