import { describe, expect, it } from 'vitest';
import { tileWords } from '../../../renderer/features/wall/tile-words';

describe('tileWords: a tile says what happened in an operator’s words', () => {
  it('names the server that is not answering, and keeps the technical text for the tooltip', () => {
    const raw = 'The stream playlist could not be loaded (HTTP 502: Connection refused (GET http://127.0.0.1:4411/live/TS_FILES/cam1/index.m3u8))';
    expect(tileWords('reconnecting', raw, 'Demo VMS')).toEqual({ words: 'Server Demo VMS is not answering — retrying', detail: raw });
    expect(tileWords('error', 'Video segments timed out', undefined).words).toBe('The server is not answering');
  });

  it('never shows an address or a status code', () => {
    const { words } = tileWords('stalled', 'Unexpected reply (GET https://vms.example/x?ticket=1)', 'HQ');
    expect(words).toBe('The video from Server HQ was interrupted — retrying');
    expect(words).not.toMatch(/http|GET/i);
  });

  it('passes words that are already an operator’s', () => {
    expect(tileWords('offline', 'The VMS reports this camera offline', 'HQ')).toEqual({ words: 'The VMS reports this camera offline', detail: undefined });
    expect(tileWords('error', 'Sign-in needed: the password was refused', 'HQ').words).toBe('Sign-in needed: the password was refused');
  });
});

describe('a refused credential', () => {
  it('says sign-in is needed in words, the status code only in the detail', () => {
    const reason = 'Sign-in needed: VXG refused the token (HTTP 401: Token has been revoked.)';
    expect(tileWords('error', reason, 'Cloud')).toEqual({ words: "Sign-in needed: Server Cloud refused Tessera's credentials", detail: reason });
    expect(tileWords('error', 'Sign-in needed on Cloud', 'Cloud')).toEqual({ words: 'Sign-in needed on Cloud', detail: undefined });
  });
});
