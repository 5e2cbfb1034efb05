// heic-decode ships no types; this is the one call we use (see its README).
declare module 'heic-decode' {
  interface Decoded {
    width: number;
    height: number;
    /** RGBA, 4 bytes a pixel. */
    data: Uint8ClampedArray;
  }
  export default function decode(input: { buffer: Uint8Array | ArrayBuffer }): Promise<Decoded>;
}
