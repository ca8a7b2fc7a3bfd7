/**
 * An animated PNG from PNG frames of one size (Playwright's screenshots): the first frame's IDAT is
 * the default image, the others follow as fdAT chunks, each after its fcTL, as the APNG
 * specification lays them out. Any browser that shows PNG shows the first frame; those that know
 * APNG (every current one) play them all.
 */
import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  readonly ihdr: Buffer;
  /** every IDAT chunk's data, in order */
  readonly idat: Buffer[];
}

function readPng(bytes: Buffer, label: string): Png {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error(`${label} is not a PNG`);
  let ihdr: Buffer | null = null;
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') ihdr = Buffer.from(data);
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (ihdr === null || idat.length === 0) throw new Error(`${label} has no IHDR or no IDAT`);
  if (ihdr[12] !== 0) throw new Error(`${label} is interlaced; APNG frames here must not be`);
  return { ihdr, idat };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The APNG of these frames, each shown for its delay (ms), looping forever. */
export function encodeApng(frames: readonly Buffer[], delaysMs: readonly number[]): Buffer {
  if (frames.length === 0 || delaysMs.length !== frames.length)
    throw new Error('give one delay for each of at least one frame');
  const pngs = frames.map((frame, i) => readPng(frame, `frame ${i}`));
  const first = pngs[0] as Png;
  pngs.forEach((png, i) => {
    if (!png.ihdr.equals(first.ihdr))
      throw new Error(`frame ${i} differs from frame 0 in size or pixel format`);
  });
  const width = first.ihdr.readUInt32BE(0);
  const height = first.ihdr.readUInt32BE(4);
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(frames.length, 0);
  actl.writeUInt32BE(0, 4); // loop forever
  const out = [SIGNATURE, chunk('IHDR', first.ihdr), chunk('acTL', actl)];
  let sequence = 0;
  pngs.forEach((png, i) => {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(sequence++, 0);
    fctl.writeUInt32BE(width, 4);
    fctl.writeUInt32BE(height, 8);
    fctl.writeUInt32BE(0, 12); // x offset
    fctl.writeUInt32BE(0, 16); // y offset
    fctl.writeUInt16BE(Math.round(delaysMs[i] as number), 20);
    fctl.writeUInt16BE(1000, 22); // the delay is in thousandths of a second
    fctl.writeUInt8(0, 24); // dispose: none
    fctl.writeUInt8(0, 25); // blend: source
    out.push(chunk('fcTL', fctl));
    for (const data of png.idat) {
      if (i === 0) {
        out.push(chunk('IDAT', data));
      } else {
        const number = Buffer.alloc(4);
        number.writeUInt32BE(sequence++, 0);
        out.push(chunk('fdAT', Buffer.concat([number, data])));
      }
    }
  });
  out.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(out);
}
