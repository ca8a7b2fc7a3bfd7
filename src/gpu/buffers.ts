import { WORD_BYTES } from './layout.ts';

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
    const buffer = this.buffer(label, length * WORD_BYTES, GPUBufferUsage.STORAGE | usage, true);
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
