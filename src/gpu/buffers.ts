import { WORD_BYTES as F32_BYTES } from './layout.ts';

/**
 * Every GPU object a run creates, so one call destroys them all, whatever happened.
 */
export class RunResources {
  private readonly buffers: GPUBuffer[] = [];
  private readonly querySets: GPUQuerySet[] = [];

  constructor(readonly device: GPUDevice) {}

  buffer(
    label: string,
    size: number,
    usage: GPUBufferUsageFlags,
    mappedAtCreation = false,
  ): GPUBuffer {
    // WebGPU wants sizes in multiples of 4 bytes; a zero-size binding is invalid too
    const padded = Math.max(4, Math.ceil(size / 4) * 4);
    const buffer = this.device.createBuffer({ label, size: padded, usage, mappedAtCreation });
    this.buffers.push(buffer);
    return buffer;
  }

  /** A storage buffer filled from `fill`, which writes straight into the mapped memory (no staging copy). */
  storageF32(
    label: string,
    length: number,
    usage: GPUBufferUsageFlags,
    fill: (target: Float32Array) => void,
  ): GPUBuffer {
    const buffer = this.buffer(label, length * F32_BYTES, GPUBufferUsage.STORAGE | usage, true);
    fill(new Float32Array(buffer.getMappedRange(), 0, length));
    buffer.unmap();
    return buffer;
  }

  /** A storage buffer of u32 words, filled at creation. */
  storageU32(label: string, words: Uint32Array, usage: GPUBufferUsageFlags): GPUBuffer {
    const buffer = this.buffer(label, words.byteLength, GPUBufferUsage.STORAGE | usage, true);
    new Uint32Array(buffer.getMappedRange(), 0, words.length).set(words);
    buffer.unmap();
    return buffer;
  }

  uniform(label: string, words: ArrayBuffer): GPUBuffer {
    const buffer = this.buffer(
      label,
      words.byteLength,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      true,
    );
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(words));
    buffer.unmap();
    return buffer;
  }

  querySet(count: number): GPUQuerySet {
    const set = this.device.createQuerySet({ type: 'timestamp', count });
    this.querySets.push(set);
    return set;
  }

  destroyAll(): void {
    for (const buffer of this.buffers) buffer.destroy();
    for (const set of this.querySets) set.destroy();
    this.buffers.length = 0;
    this.querySets.length = 0;
  }
}

/** A 16-byte uniform of two f32 then two u32, the shape of the kernels' Hyper and Chunk structs. */
export function uniformWords(f0: number, f1: number, u0: number, u1: number): ArrayBuffer {
  const words = new ArrayBuffer(16);
  const floats = new Float32Array(words);
  const uints = new Uint32Array(words);
  floats[0] = f0;
  floats[1] = f1;
  uints[2] = u0;
  uints[3] = u1;
  return words;
}

/** A 16-byte uniform of four u32. */
export function uintWords(u0: number, u1: number, u2: number, u3: number): ArrayBuffer {
  return Uint32Array.of(u0, u1, u2, u3).buffer;
}
