/**
 * The canvas's colours, read once from the CSS custom properties in timeline.css (which
 * derive from the app theme in styles.css), so the canvas and the DOM never disagree and
 * a restyle needs no code. Canvas cannot resolve `var()` itself; computed style can.
 */
export interface TimelineTheme {
  readonly font: string;
  readonly ruler: string;
  readonly rulerEdge: string;
  readonly track: string;
  readonly future: string;
  readonly grid: string;
  readonly tick: string;
  readonly tickMinor: string;
  readonly label: string;
  readonly context: string;
  readonly lane: string;
  readonly gapStripe: string;
  readonly unknown: string;
  readonly recorded: string;
  readonly markerBand: string;
  readonly playhead: string;
  readonly playheadText: string;
  readonly scrub: string;
  readonly hover: string;
  readonly now: string;
}

/** The colours when the page sets none (and in tests). */
export const FALLBACK_THEME: TimelineTheme = {
  font: "'Inter', 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', system-ui, sans-serif",
  ruler: '#12171e',
  rulerEdge: '#232d3a',
  track: '#0d1117',
  future: '#06080b',
  grid: '#161d26',
  tick: '#5d6b7e',
  tickMinor: '#3a4656',
  label: '#d7dee8',
  context: '#8593a6',
  lane: '#191316',
  gapStripe: '#5a2c35',
  unknown: '#1c232d',
  recorded: '#2a9d62',
  markerBand: '#0a0d11',
  playhead: '#f4f7fb',
  playheadText: '#0b0e12',
  scrub: '#3aa3ff',
  hover: 'rgba(215, 222, 232, 0.35)',
  now: '#e5484d',
};

const PROPERTY: Readonly<Record<keyof TimelineTheme, string>> = {
  font: 'font-family',
  ruler: '--timeline-ruler',
  rulerEdge: '--timeline-ruler-edge',
  track: '--timeline-track',
  future: '--timeline-future',
  grid: '--timeline-grid',
  tick: '--timeline-tick',
  tickMinor: '--timeline-tick-minor',
  label: '--timeline-label',
  context: '--timeline-context',
  lane: '--timeline-gap',
  gapStripe: '--timeline-gap-stripe',
  unknown: '--timeline-unknown',
  recorded: '--timeline-recorded',
  markerBand: '--timeline-marker-band',
  playhead: '--timeline-playhead',
  playheadText: '--timeline-playhead-text',
  scrub: '--timeline-scrub',
  hover: '--timeline-hover',
  now: '--timeline-now',
};

export function readTheme(element: Element): TimelineTheme {
  const style = getComputedStyle(element);
  const keys = Object.keys(PROPERTY) as Array<keyof TimelineTheme>;
  return Object.fromEntries(keys.map((key) => [key, style.getPropertyValue(PROPERTY[key]).trim() || FALLBACK_THEME[key]])) as Record<keyof TimelineTheme, string>;
}
