import { describe, expect, it } from 'vitest';
import { openInSystemBrowser } from '../../../electron/main/system-browser';

describe('openInSystemBrowser', () => {
  it('hands an https sign-in page to the system browser, and never another scheme', async () => {
    const opened: string[] = [];
    const shell = { openExternal: (url: string) => Promise.resolve(void opened.push(url)) };
    await openInSystemBrowser(shell, 'https://auth.eagleeyenetworks.com/oauth2/authorize?state=x');
    expect(opened).toEqual(['https://auth.eagleeyenetworks.com/oauth2/authorize?state=x']);
    await expect(openInSystemBrowser(shell, 'file:///etc/passwd')).rejects.toThrow('must be http or https');
    await expect(openInSystemBrowser(shell, 'javascript:alert(1)')).rejects.toThrow('must be http or https');
    await expect(openInSystemBrowser(shell, 'not a url')).rejects.toThrow('not a URL');
    expect(opened).toHaveLength(1);
  });
});
