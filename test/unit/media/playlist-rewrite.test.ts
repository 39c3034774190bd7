import { describe, expect, it } from 'vitest';
import { rewritePlaylist } from '../../../electron/media/playlist-rewrite';

const mark = (url: string, kind: string): string => `<${kind}:${url}>`;

describe('rewritePlaylist', () => {
  it('rewrites segment lines, resolving them against the playlist URL', () => {
    const text = ['#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXTINF:1.000,', 'seg1.ts', '#EXTINF:1.000,', '/other/seg2.ts?ticket=abc', ''].join('\n');
    const out = rewritePlaylist(text, 'http://media:8080/live/cam/index.m3u8', mark).split('\n');
    expect(out[3]).toBe('<segment:http://media:8080/live/cam/seg1.ts>');
    expect(out[5]).toBe('<segment:http://media:8080/other/seg2.ts?ticket=abc>');
    expect(out[0]).toBe('#EXTM3U');
  });

  it('treats the URIs of a multivariant playlist as playlists', () => {
    const text = ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=800000', 'low/index.m3u8', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="audio/index.m3u8"'].join('\n');
    const out = rewritePlaylist(text, 'https://vms/x/master.m3u8', mark).split('\n');
    expect(out[2]).toBe('<playlist:https://vms/x/low/index.m3u8>');
    expect(out[3]).toBe('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="<playlist:https://vms/x/audio/index.m3u8>"');
  });

  it('rewrites URI attributes of keys and init sections', () => {
    const text = ['#EXTM3U', '#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x1', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:1,', 'a.m4s'].join('\n');
    const out = rewritePlaylist(text, 'http://vms/p.m3u8', mark);
    expect(out).toContain('URI="<segment:http://vms/key.bin>",IV=0x1');
    expect(out).toContain('#EXT-X-MAP:URI="<segment:http://vms/init.mp4>"');
    expect(out).not.toMatch(/\n(?!<|#)\S/);
  });
});
