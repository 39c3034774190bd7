import { stringify } from 'csv-stringify/sync';
import { type RouteHandler, textAnswer } from '../../common/http-answer';
import type { AuditEntry, EventJournal } from './journal';

export const EXPORT_ROUTE = '/export/';

/** A moment as the control room reads it: local date and time with the UTC offset, e.g. `2026-11-29 21:50:03 +01:00`. */
export function localStamp(epochMs: number, offsetMinutes: (epochMs: number) => number = (at) => -new Date(at).getTimezoneOffset()): string {
  const offset = offsetMinutes(epochMs);
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local} ${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The audit trail as CSV: who acknowledged or silenced what, when (local time with its
 * offset, and UTC), with which comment, and the alert itself with its server's name and
 * severity. Written by csv-stringify, which quotes correctly and defuses cells a
 * spreadsheet would run as formulas (a comment starting with "=").
 */
export function auditCsv(entries: readonly AuditEntry[], serverName: (serverId: string) => string | undefined = () => undefined, stamp: (epochMs: number) => string = localStamp): string {
  return stringify(
    entries.map((entry) => [
      stamp(entry.at),
      new Date(entry.at).toISOString(),
      entry.operator,
      entry.action,
      entry.comment ?? '',
      entry.severity ?? '',
      entry.label,
      entry.cameraName ?? '',
      serverName(entry.serverId) ?? entry.serverId,
      entry.eventTime ? stamp(entry.eventTime) : '',
      entry.eventTime ? new Date(entry.eventTime).toISOString() : '',
      entry.eventId,
      entry.serverId,
      entry.pc ?? '',
    ]),
    { header: true, columns: ['time', 'time_utc', 'operator', 'action', 'comment', 'severity', 'alert', 'camera', 'server', 'event_time', 'event_time_utc', 'event_id', 'server_id', 'pc'], bom: true, escape_formulas: true },
  );
}

/** `/export/audit.csv?from=<ms>&to=<ms>`: a download of the audit trail. */
export function auditExportRoute(journal: EventJournal, serverName: (serverId: string) => string | undefined = () => undefined): RouteHandler {
  return (path, url) => {
    if (path !== 'audit.csv') return Promise.resolve(textAnswer(404, 'No such export'));
    const number = (name: string): number | undefined => {
      const value = url.searchParams.get(name);
      return value === null || !Number.isFinite(Number(value)) ? undefined : Number(value);
    };
    const csv = auditCsv(journal.audit(number('from'), number('to')), serverName);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return Promise.resolve({
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tessera-audit-${stamp}.csv"`, 'cache-control': 'no-store' },
      body: new TextEncoder().encode(csv),
    });
  };
}
