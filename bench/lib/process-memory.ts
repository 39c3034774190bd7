import { readFileSync } from 'node:fs';

/**
 * Memory a process holds that the kernel cannot simply drop: its anonymous pages and the
 * shared memory it maps, as PSS (`/proc/<pid>/smaps_rollup`, Linux 5.x+: a page shared by
 * n processes counts 1/n in each), so a sum over a browser's processes counts the video
 * frames and caches they share once, not once per process. File-backed pages (the
 * binary's code, fonts) are left out: the kernel drops and re-reads them at will, and
 * summed RSS counts them again in every process that maps them. In MiB; 0 when the
 * process is gone.
 */
export function heldMiB(pid: number): number {
  let rollup: string;
  try {
    rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return 0;
  }
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
  return (kib('Pss_Anon') + kib('Pss_Shmem')) / 1024;
}

/** Resident memory (RSS, file-backed pages included) of one process, in MiB; 0 when it is gone. */
export function rssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Sums `read` over the given processes. */
export function sumOver(pids: readonly number[], read: (pid: number) => number): number {
  return pids.reduce((total, pid) => total + read(pid), 0);
}

/** Chromium's process type from its command line: browser, renderer, gpu-process, utility:NetworkService, ... */
export function chromiumProcessType(pid: number): string {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  } catch {
    return 'gone';
  }
  const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length) ?? 'browser';
  const sub = args.find((arg) => arg.startsWith('--utility-sub-type='))?.split('.').at(-1);
  return sub ? `${type}:${sub}` : type;
}

/** `heldMiB` summed by Chromium process type over `pids`. */
export function heldByType(pids: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of pids) {
    const type = chromiumProcessType(pid);
    if (type === 'gone') continue;
    out[type] = (out[type] ?? 0) + heldMiB(pid);
  }
  return out;
}
