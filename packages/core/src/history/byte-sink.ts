/**
 * A growable byte buffer written front to back: the encoder's output and its scratch space.
 * One Uint8Array and a DataView on it, reused across records (no allocation per write).
 */
export class ByteSink {
  /** The buffer; only the first {@link length} bytes are written. Replaced when it grows. */
  bytes: Uint8Array;
  /** Bytes written. */
  length = 0;
  #view: DataView;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.#view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  /** One byte (0-255). */
  byte(b: number): void {
    this.ensure(1);
    this.bytes[this.length++] = b;
  }

  /** An unsigned LEB128 varint; `n` is a whole number in [0, 2^53). */
  varint(n: number): void {
    this.ensure(8);
    const b = this.bytes;
    let p = this.length;
    while (n >= 0x80) {
      // `& 0x7f` works past 2^32 too: ToInt32 keeps the low 32 bits exactly.
      b[p++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    b[p++] = n;
    this.length = p;
  }

  /** A float64, little-endian. */
  f64(x: number): void {
    this.ensure(8);
    this.#view.setFloat64(this.length, x, true);
    this.length += 8;
  }

  /** Raw bytes. */
  append(src: Uint8Array, from = 0, to = src.length): void {
    const n = to - from;
    this.ensure(n);
    const b = this.bytes;
    let p = this.length;
    // A record body is tens of bytes: a loop beats making a subarray view for set().
    if (n <= 64) for (let i = from; i < to; i++) b[p++] = src[i]!;
    else {
      b.set(from === 0 && to === src.length ? src : src.subarray(from, to), p);
      p += n;
    }
    this.length = p;
  }
}
