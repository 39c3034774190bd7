import type { VmsBinary } from '../../vms/adapter';

/** Event pictures by event id, in memory, bounded by bytes (the oldest go first). */
export class ImageCache {
  private readonly images = new Map<string, VmsBinary>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  set(id: string, image: VmsBinary): void {
    this.delete(id);
    this.images.set(id, image);
    this.bytes += image.bytes.byteLength;
    while (this.bytes > this.maxBytes) {
      const oldest = this.images.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  get(id: string): VmsBinary | undefined {
    return this.images.get(id);
  }

  private delete(id: string): void {
    const image = this.images.get(id);
    if (!image) return;
    this.images.delete(id);
    this.bytes -= image.bytes.byteLength;
  }
}
