/** Bytes gathered before a chunk is handed on. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Text written as UTF-8 into chunks of about 256 KiB, a piece (a CSV line, a row of sheet XML) at a time.
 * Encoding each small piece straight into a Buffer is several times cheaper than concatenating a chunk's
 * pieces into one string and encoding that (V8 first copies the concatenation into a flat string): at a
 * million rows it was seconds.
 */
export class Utf8Chunks {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  /** Adds `text`; answers the chunks that are complete, to be sent in this order (usually none). */
  add(text: string): Buffer[] | undefined {
    // a UTF-16 unit takes at most 3 bytes
    if (this.used + text.length * 3 <= this.chunk.length) {
      this.used += this.chunk.write(text, this.used);
      return undefined;
    }
    const full = this.used ? [this.take()] : [];
    if (text.length * 3 > this.chunk.length) full.push(Buffer.from(text, 'utf8'));
    else this.used = this.chunk.write(text, 0);
    return full;
  }

  /** The bytes gathered so far; a new chunk starts. */
  take(): Buffer {
    const bytes = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return bytes;
  }

  get empty(): boolean {
    return this.used === 0;
  }
}
