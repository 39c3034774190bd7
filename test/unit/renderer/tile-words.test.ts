import { describe, expect, it } from 'vitest';
import { serverWords, tileWords } from '../../../renderer/features/wall/tile-words';

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

describe('serverWords: the server row in the tree during an outage', () => {
  it('says the server is not answering, the address and error only in the tooltip', () => {
    const raw = 'sim is not answering (GET http://127.0.0.1:38923/REST/local/cameras: connect ECONNREFUSED 127.0.0.1:38923)';
    expect(serverWords('offline', raw)).toEqual({ words: 'Not answering — retrying', detail: raw });
  });

  it('says a refused sign-in plainly, without retrying', () => {
    const raw = 'Sign-in needed: the VMS refused the credentials (HTTP 401 from https://vms.example/api)';
    expect(serverWords('sign-in', raw)).toEqual({ words: "Sign-in needed: the server refused Tessera's credentials", detail: raw });
    expect(serverWords('sign-in', 'The password was refused').words).toBe('Sign-in needed: The password was refused');
  });

  it('never shows a status code or an address, and passes words that are an operator’s already', () => {
    expect(serverWords('degraded', 'Unexpected reply: HTTP 500 (POST https://vms.example/x)').words).toBe('The server reported a fault — retrying');
    expect(serverWords('degraded', 'Running on the standby server').words).toBe('Running on the standby server');
    expect(serverWords('online', undefined).words).toBeUndefined();
  });
});
