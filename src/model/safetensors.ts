/**
 * safetensors, Hugging Face's tensor file format, for the float tensors a model has: an 8-byte
 * little-endian header length, a JSON header that names each tensor's dtype, shape and byte range
 * (and an optional string-to-string `__metadata__`), then the raw little-endian data.
 */

/** The dtypes read and written here, with their sizes in bytes. */
export const FLOAT_DTYPES = {
  F32: Float32Array.BYTES_PER_ELEMENT,
  F64: Float64Array.BYTES_PER_ELEMENT,
} as const;
export type FloatDtype = keyof typeof FLOAT_DTYPES;

export interface Tensor {
  readonly dtype: FloatDtype;
  readonly shape: readonly number[];
  /** row-major; float64 here whatever the file holds, so F64 keeps every bit */
  readonly values: Float64Array;
}

export interface SafetensorsFile {
  /** absent in a plain `save_file(model.state_dict())` */
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly tensors: ReadonlyMap<string, Tensor>;
}

/** A file that is not well-formed safetensors, or holds what cannot be read; says what and where. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

const HEADER_LENGTH_BYTES = 8;
// the format caps the header at 100 MB, so a corrupt length is not taken as an allocation size
const MAX_HEADER_BYTES = 100_000_000;

const count = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** The bytes of a safetensors file holding `tensors` in the order given. */
export function encodeSafetensors(
  tensors: readonly (readonly [string, Tensor])[],
  metadata: Readonly<Record<string, string>> | null,
): Uint8Array {
  const header: Record<string, unknown> = metadata === null ? {} : { __metadata__: metadata };
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const bytes = count(tensor.shape) * FLOAT_DTYPES[tensor.dtype];
    header[name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  const encoder = new TextEncoder();
  let json = JSON.stringify(header);
  // the data starts 8-byte aligned, the header padded with spaces as the format allows
  while ((HEADER_LENGTH_BYTES + encoder.encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = encoder.encode(json);
  const start = HEADER_LENGTH_BYTES + headerBytes.length;
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, HEADER_LENGTH_BYTES);
  let at = start;
  for (const [, tensor] of tensors) {
    const size = FLOAT_DTYPES[tensor.dtype];
    for (const value of tensor.values) {
      if (tensor.dtype === 'F32') view.setFloat32(at, value, true);
      else view.setFloat64(at, value, true);
      at += size;
    }
  }
  return out;
}

interface HeaderEntry {
  dtype: unknown;
  shape: unknown;
  data_offsets: unknown;
}

const isShape = (shape: unknown): shape is number[] =>
  Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);

/** Reads a safetensors file, checking its header and every tensor's byte range against its dtype and shape. */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafetensorsFile {
  const fail = (why: string): never => {
    throw new SafetensorsError(`${source}: ${why}`);
  };
  if (bytes.length < HEADER_LENGTH_BYTES) fail('too short for safetensors (no header length)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - HEADER_LENGTH_BYTES)))
    fail(
      `the header says ${length} bytes, the file has ${bytes.length - HEADER_LENGTH_BYTES} after the length`,
    );
  const dataStart = HEADER_LENGTH_BYTES + Number(length);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_LENGTH_BYTES, dataStart)));
  } catch {
    fail('the safetensors header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return fail('the safetensors header is not a JSON object');
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = readMetadata(entry, fail);
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as HeaderEntry;
    if (dtype !== 'F32' && dtype !== 'F64')
      fail(`"${name}" is ${JSON.stringify(dtype)}; webgpu-train reads F32 and F64 tensors`);
    if (!isShape(shape)) fail(`"${name}" has no valid shape: ${JSON.stringify(shape)}`);
    const size = FLOAT_DTYPES[dtype as FloatDtype];
    const n = count(shape as number[]);
    const [begin, end] = Array.isArray(offsets) ? (offsets as unknown[]) : [];
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end))
      return fail(`"${name}" has no valid data_offsets: ${JSON.stringify(offsets)}`);
    const [from, to] = [begin as number, end as number];
    if (from < 0 || to < from || to > dataLength)
      fail(`"${name}" lies in bytes ${from}…${to}, outside the ${dataLength} bytes of data`);
    if (to - from !== n * size)
      fail(
        `"${name}" is ${dtype} of shape [${(shape as number[]).join(', ')}], ${n * size} bytes, but its data_offsets span ${to - from}`,
      );
    const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart + from, to - from);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++)
      values[i] =
        dtype === 'F32' ? data.getFloat32(i * size, true) : data.getFloat64(i * size, true);
    tensors.set(name, { dtype: dtype as FloatDtype, shape: shape as number[], values });
  }
  return { metadata, tensors };
}

function readMetadata(entry: unknown, fail: (why: string) => never): Record<string, string> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return fail('__metadata__ is not a JSON object');
  for (const [key, value] of Object.entries(entry))
    if (typeof value !== 'string')
      fail(`__metadata__ "${key}" is not a string (safetensors metadata holds strings only)`);
  return entry as Record<string, string>;
}
