// The burnt-in time code, where tests outside sim/ have always imported its decoder.
export { decodeTimecode, timecodeExpression, timecodeLayout, TIMECODE_BITS, type TimecodeLayout } from './site/timecode';
