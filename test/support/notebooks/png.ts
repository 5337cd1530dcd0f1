// A small PNG decoder (8-bit RGB/RGBA/grey, non-interlaced: what Chromium screenshots and resvg write) and pixel
// statistics, to tell a drawn chart from a blank or single-colour box without another dependency.
import * as zlib from "node:zlib";

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  rgba: Uint8Array;
}

export function decodePNG(buf: Buffer): Image {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let pos = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = 0;
  let interlace = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8];
      colorType = data[9];
      interlace = data[12];
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    pos += 12 + len;
  }
  if (bitDepth !== 8 || interlace !== 0)
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, interlace ${interlace}`);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = x * channels;
      if (colorType === 0) out.set([cur[s], cur[s], cur[s], 255], o);
      else if (colorType === 2) out.set([cur[s], cur[s + 1], cur[s + 2], 255], o);
      else if (colorType === 3)
        out.set([palette![cur[s] * 3], palette![cur[s] * 3 + 1], palette![cur[s] * 3 + 2], 255], o);
      else if (colorType === 4) out.set([cur[s], cur[s], cur[s], cur[s + 1]], o);
      else out.set([cur[s], cur[s + 1], cur[s + 2], cur[s + 3]], o);
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

export interface PixelStats {
  width: number;
  height: number;
  /** Distinct colours (RGB, quantized to 5 bits per channel). */
  colors: number;
  /** Share of pixels that differ from the most common colour (the background). */
  inked: number;
  /** Share of pixels with a saturated colour (not grey): the data marks of a chart. */
  colored: number;
}

export function pixelStats(img: Image): PixelStats {
  const counts = new Map<number, number>();
  let colored = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const r = img.rgba[i * 4];
    const g = img.rgba[i * 4 + 1];
    const b = img.rgba[i * 4 + 2];
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) colored++;
  }
  const top = Math.max(...counts.values());
  return {
    width: img.width,
    height: img.height,
    colors: counts.size,
    inked: n ? 1 - top / n : 0,
    colored: n ? colored / n : 0,
  };
}

/** Why pixels do not look like a drawn chart (null: they do): too few colours, too little ink, no coloured marks. */
export function notDrawn(s: PixelStats): string | null {
  if (s.colors < 12) return `only ${s.colors} colours`;
  if (s.inked < 0.03) return `${(s.inked * 100).toFixed(1)} % of pixels drawn`;
  if (s.colored < 0.003) return "no coloured marks";
  return null;
}
