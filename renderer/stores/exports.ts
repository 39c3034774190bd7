import { create } from 'zustand';
import type { ExportJob } from '../../shared/model/export';
import type { TesseraClient } from '../ipc/client';

interface ExportsState {
  /** Newest first. */
  readonly jobs: readonly ExportJob[];
}

export const useExports = create<ExportsState>()(() => ({ jobs: [] }));

function upsert(jobs: readonly ExportJob[], job: ExportJob): ExportJob[] {
  return jobs.some((known) => known.id === job.id) ? jobs.map((known) => (known.id === job.id ? job : known)) : [job, ...jobs];
}

/** Follows the core's export jobs (any window may start one). Returns the function that stops. */
export function syncExports(client: TesseraClient): () => void {
  const stop = client.on('export.changed', (job) => useExports.setState((state) => ({ jobs: upsert(state.jobs, job) })));
  void client.invoke('export.list', {}).then((result) => {
    if (result.ok) useExports.setState((state) => ({ jobs: result.value.reduce<ExportJob[]>((jobs, job) => upsert(jobs, job), [...state.jobs]) }));
  });
  return stop;
}

export function addJobs(jobs: readonly ExportJob[]): void {
  useExports.setState((state) => ({ jobs: jobs.reduce<ExportJob[]>((all, job) => upsert(all, job), [...state.jobs]) }));
}
