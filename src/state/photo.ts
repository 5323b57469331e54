// Phone photos are 3–8 MB; the station's network and storage want well under 500 KB.
// Resize so the long side is about 1600 px, re-encode as JPEG, and make a small thumbnail.

export interface CompressedPhoto {
  blob: Blob;
  thumbnail: Blob;
  width: number;
  height: number;
}

const LONG_SIDE = 1600;
const THUMB_SIDE = 240;
const TARGET_BYTES = 450 * 1024;

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close(): void }> {
  if (typeof createImageBitmap === 'function') {
    const bmp = await createImageBitmap(file);
    return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
  }
  // Older Safari: an <img> from an object URL.
  const url = URL.createObjectURL(file);
  const img = new Image();
  img.src = url;
  await img.decode();
  return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
}

function draw(src: CanvasImageSource, w: number, h: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('photo.canvas');
  ctx.drawImage(src, 0, 0, w, h);
  return canvas;
}

const toBlob = (canvas: HTMLCanvasElement, quality: number) =>
  new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('photo.encode'))), 'image/jpeg', quality));

export async function compressPhoto(file: Blob): Promise<CompressedPhoto> {
  const img = await decode(file);
  try {
    const scale = Math.min(1, LONG_SIDE / Math.max(img.width, img.height));
    const w = Math.max(1, Math.round(img.width * scale));
    const h = Math.max(1, Math.round(img.height * scale));
    const canvas = draw(img.source, w, h);
    let quality = 0.82;
    let blob = await toBlob(canvas, quality);
    while (blob.size > TARGET_BYTES && quality > 0.4) {
      quality -= 0.12;
      blob = await toBlob(canvas, quality);
    }
    const ts = Math.min(1, THUMB_SIDE / Math.max(w, h));
    const thumbnail = await toBlob(draw(canvas, Math.max(1, Math.round(w * ts)), Math.max(1, Math.round(h * ts))), 0.7);
    return { blob, thumbnail, width: w, height: h };
  } finally {
    img.close();
  }
}
