import { describe, expect, it } from 'vitest';
import { draftOf, EMPTY_FORM, formOf, idFromName } from '../../../renderer/features/servers/server-form-model';

describe('the server form', () => {
  it('makes an id from the name in the characters ids allow, avoiding ids in use', () => {
    expect(idFromName('Head office', new Set())).toBe('head-office');
    expect(idFromName('Head office', new Set(['head-office', 'head-office-2']))).toBe('head-office-3');
    expect(idFromName('Zürich – Gare (Nord)', new Set())).toBe('zurich-gare-nord');
    expect(idFromName('***', new Set())).toBe('server');
  });

  it('never fills in a password from stored settings, and leaves blank optional fields out of the draft', () => {
    const form = formOf({ id: 'hq', type: 'ivms', name: 'HQ', url: 'http://hq', pathPrefix: '', username: 'ops', hasPassword: true, managed: false });
    expect(form.password).toBe('');
    expect(draftOf(form)).toEqual({ id: 'hq', type: 'ivms', name: 'HQ', url: 'http://hq', pathPrefix: '', redundantUrl: undefined, timeZone: undefined, username: 'ops', password: undefined });
    expect(draftOf({ ...EMPTY_FORM, password: ' spaced ' }).password).toBe(' spaced ');
  });
});
