import { stringify } from 'csv-stringify/sync';
import { type RouteHandler, textAnswer } from '../../common/http-answer';
import type { AuditEntry, EventJournal } from './journal';

export const EXPORT_ROUTE = '/export/';

/**
 * The audit trail as CSV: who acknowledged what, when, with which comment, and the alert
 * itself. Written by csv-stringify, which quotes correctly and defuses cells a
 * spreadsheet would run as formulas (a comment starting with "=").
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return stringify(
    entries.map((entry) => [new Date(entry.at).toISOString(), entry.operator, entry.action, entry.comment ?? '', entry.eventId, entry.serverId, entry.cameraName ?? '', entry.label, entry.eventTime ? new Date(entry.eventTime).toISOString() : '']),
    { header: true, columns: ['acknowledged_at', 'operator', 'action', 'comment', 'event_id', 'server', 'camera', 'alert', 'event_time'], bom: true, escape_formulas: true },
  );
}

/** `/export/audit.csv?from=<ms>&to=<ms>`: a download of the audit trail. */
export function auditExportRoute(journal: EventJournal): RouteHandler {
  return (path, url) => {
    if (path !== 'audit.csv') return Promise.resolve(textAnswer(404, 'No such export'));
    const number = (name: string): number | undefined => {
      const value = url.searchParams.get(name);
      return value === null || !Number.isFinite(Number(value)) ? undefined : Number(value);
    };
    const csv = auditCsv(journal.audit(number('from'), number('to')));
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return Promise.resolve({
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tessera-audit-${stamp}.csv"`, 'cache-control': 'no-store' },
      body: new TextEncoder().encode(csv),
    });
  };
}
