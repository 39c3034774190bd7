// The baseline of the wall benchmark: one plain hls.js player per tile, default settings,
// playing the simulator's HLS directly. Window API driven by bench/wall-bench.ts (and by
// bench/hls-config-bench.ts, which passes hls.js settings to compare what they cost).
(function () {
  const grid = document.getElementById('grid');
  const players = [];
  window.firstFrames = [];
  window.bench = {
    /**
     * One player per URL. `startApartMs`: each player starts that much after the one before
     * (all at once by default), so that tiles fed by one shared encoder present their frames
     * at phases of their own, as independent cameras do.
     */
    show(urls, columns, config, startApartMs = 0) {
      grid.style.gridTemplateColumns = `repeat(${columns}, 1fr)`;
      grid.style.gridTemplateRows = `repeat(${Math.ceil(urls.length / columns)}, 1fr)`;
      urls.forEach((url, index) => {
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        grid.appendChild(video);
        const hls = new Hls(config);
        const player = { hls, video, timer: undefined };
        const start = () => {
          hls.loadSource(url);
          hls.attachMedia(video);
        };
        hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => undefined));
        // When the compositor showed the frame, not when the main thread ran this (as Tessera's).
        video.requestVideoFrameCallback((now, frame) => {
          window.firstFrames[index] = window.performance.timeOrigin + frame.expectedDisplayTime;
        });
        if (startApartMs > 0) player.timer = setTimeout(start, index * startApartMs);
        else start();
        players.push(player);
      });
    },
    latencies() {
      return players.map(({ hls }) => (hls.playingDate ? Date.now() - hls.playingDate.getTime() : null)).filter((value) => value !== null);
    },
    /** The same tile on a new URL (a renewed ticket), as a plain player takes it: it loads the new source. */
    swap(index, url) {
      const player = players[index];
      if (player) player.hls.loadSource(url);
    },
    /** Per tile: the longest wait between two presented frames, and the frames presented, since `watchFrames()`. */
    watchFrames() {
      window.frameStats = players.map(({ video }) => {
        const stats = { presented: 0, last: 0, gaps: [] };
        const tick = (now) => {
          if (stats.last) stats.gaps.push(now - stats.last);
          stats.last = now;
          stats.presented += 1;
          video.requestVideoFrameCallback(tick);
        };
        video.requestVideoFrameCallback(tick);
        return stats;
      });
    },
    clear() {
      for (const { hls, video, timer } of players.splice(0)) {
        clearTimeout(timer);
        hls.destroy();
        video.remove();
      }
      window.firstFrames = [];
    },
  };
})();
