// The site's ffmpeg helpers, where tests and benchmarks outside sim/ have always imported them.
export { ffmpegPath, runFfmpeg, spawnTiedToParent, stopTied, findFont } from './site/ffmpeg';
