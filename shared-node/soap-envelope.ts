import XMLBuilder from 'fast-xml-builder';
import { XMLParser } from 'fast-xml-parser';

/**
 * SOAP 1.1 envelopes as XProtect's services write and read them (the management server's
 * `ServerCommandService`, the recording servers' `RecorderCommandService`), for the app's
 * client and for the simulator that stands in for those servers.
 */

/** The services' namespaces (their operations' elements and `SOAPAction`s are in them). */
export const SERVER_COMMAND_NS = 'http://videoos.net/2/XProtectCSServerCommand';
export const RECORDER_COMMAND_NS = 'http://videoos.net/2/XProtectCSRecorderCommand';
/**
 * The recording sequence type: a recorder's `SequencesGetTypes` names it
 * `RecordingSequence` (the others are `MotionSequence` and `RecordingWithTriggerSequence`);
 * thlucas1/xprotect-webapi-python `XPWRecorderSequenceType.RECORDING_SEQUENCE`.
 */
export const RECORDING_SEQUENCE = 'f9c62604-d0c5-4050-ae25-72de51639b14';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@' });
// Namespace prefixes (`s:`, `soap:`, `a:`) vary by server and serializer: element names alone
// are read. Values stay strings (a token or a GUID must not become a number), and the lists
// the recorders return (`SequenceEntry`) are arrays even when they hold one entry.
const LISTS = new Set(['SequenceEntry']);
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (name) => LISTS.has(name) });

/** `body` (element names to content; `@name` for attributes) in an envelope, values escaped. */
export function soapEnvelope(body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ 's:Envelope': { '@xmlns:s': 'http://schemas.xmlsoap.org/soap/envelope/', 's:Body': body } })}`;
}

/** The envelope's body as plain objects (a childless element is an empty string); undefined when `text` is not a SOAP envelope. */
export function soapBody(text: string): Record<string, unknown> | undefined {
  try {
    const envelope = objectAt(parser.parse(text), 'Envelope');
    return objectAt(envelope, 'Body');
  } catch {
    return undefined;
  }
}

/** The object at `key` of `value`, when both are objects. */
export function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined;
}
