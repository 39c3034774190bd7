import { describe, expect, it } from 'vitest';
import type { VendorInfo } from '../../../shared/model/server-form';
import { draftOf, emptyForm, formOf, idFromName, missingField, visibleFields } from '../../../renderer/features/servers/server-form-model';

const IVMS: VendorInfo = {
  kind: 'ivms',
  label: 'IVMS',
  supported: true,
  notes: [],
  eventTypes: {},
  fields: [
    { key: 'url', label: 'URL', kind: 'url', required: true },
    { key: 'redundantUrl', label: 'Standby', kind: 'url', required: false },
    { key: 'username', label: 'User name', kind: 'text', required: false },
    { key: 'password', label: 'Password', kind: 'secret', required: false },
    { key: 'mediaUrls', label: 'Media URLs', kind: 'list', required: false },
  ],
};

const VXG: VendorInfo = {
  kind: 'vxg',
  label: 'VXG',
  supported: true,
  notes: [],
  eventTypes: {},
  fields: [
    { key: 'credential', label: 'Credential', kind: 'choice', required: true, choices: [{ value: 'cloudKey', label: 'Cloud key' }, { value: 'groupToken', label: 'Group token' }] },
    { key: 'cloudKey', label: 'Cloud key', kind: 'secret', required: true, when: { key: 'credential', equals: 'cloudKey' } },
    { key: 'groupToken', label: 'Group token', kind: 'secret', required: true, when: { key: 'credential', equals: 'groupToken' } },
  ],
};

describe('the server form', () => {
  it('makes an id from the name in the characters ids allow, avoiding ids in use', () => {
    expect(idFromName('Head office', new Set())).toBe('head-office');
    expect(idFromName('Head office', new Set(['head-office', 'head-office-2']))).toBe('head-office-3');
    expect(idFromName('Zürich – Gare (Nord)', new Set())).toBe('zurich-gare-nord');
    expect(idFromName('***', new Set())).toBe('server');
  });

  it('never fills in a secret from stored settings, sends blank plain fields (to clear them) and secrets only when typed', () => {
    const form = formOf({ id: 'hq', type: 'ivms', name: 'HQ', values: { url: 'http://hq', username: 'ops', mediaUrls: ['http://hq:81'] }, storedSecrets: ['password'], summary: 'http://hq', managed: false });
    expect(form.values['password']).toBeUndefined();
    expect(form.values['mediaUrls']).toBe('http://hq:81');
    expect(draftOf(form, IVMS)).toEqual({ id: 'hq', type: 'ivms', name: 'HQ', values: { url: 'http://hq', redundantUrl: '', username: 'ops', mediaUrls: ['http://hq:81'] } });
    expect(draftOf({ ...form, values: { ...form.values, password: ' spaced ' } }, IVMS).values?.['password']).toBe(' spaced ');
  });

  it('shows and sends only the fields of the credential chosen, and asks for what is required', () => {
    const form = { ...emptyForm('vxg'), name: 'Cloud', id: 'cloud' };
    expect(visibleFields(form, VXG).map((field) => field.key)).toEqual(['credential', 'cloudKey']);
    expect(missingField(form, VXG)).toBe('Enter the cloud key');
    const group = { ...form, values: { credential: 'groupToken', groupToken: 'abc', cloudKey: 'left over' } };
    expect(draftOf(group, VXG).values).toEqual({ credential: 'groupToken', groupToken: 'abc' });
    expect(missingField({ ...form, values: { credential: 'groupToken' } }, VXG, ['groupToken'])).toBeUndefined();
  });
});
