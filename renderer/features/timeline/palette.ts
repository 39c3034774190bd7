/**
 * Marker colours by event type. Types are vendor codes ("209", "VMD", "LineCrossing"), so
 * no list of known types can name them all; instead the type string is hashed (FNV-1a,
 * 32-bit) into a fixed palette. The same type gets the same colour on every console, on
 * every day, whatever other types are in view, which is what lets an operator learn them.
 * Two of many types can share a colour; the tooltip always names the type.
 *
 * The colours are saturated mid-tones that read on the dark track (#0b0e12 .. #18202a),
 * stay apart from each other for common colour-vision deficiencies as far as twelve can,
 * and avoid pure white (the playhead), the live red (the "now" line) and green (recorded
 * time, in the lanes just above), so no marker reads as a recording.
 */
export const MARKER_PALETTE: readonly string[] = [
  '#f0b429', // amber
  '#22c3d6', // cyan
  '#f2793a', // orange
  '#a37cf0', // violet
  '#b8c4d6', // silver
  '#5fb3f0', // sky
  '#e8d44d', // yellow
  '#e26ad8', // magenta
  '#ff9a80', // coral
  '#8c9eff', // periwinkle
  '#d9b38c', // sand
  '#9be7ff', // ice
];

export function typeColor(type: string): string {
  return MARKER_PALETTE[fnv1a(type) % MARKER_PALETTE.length] as string;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
