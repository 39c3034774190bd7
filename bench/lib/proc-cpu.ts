import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (sysconf CLK_TCK: 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in seconds. */
  readonly cpuSeconds: number;
  readonly command: string;
}

function readStat(pid: number, path = `/proc/${pid}/stat`): ProcStat | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    // The command is in parentheses and may contain spaces; fields follow the last ')'.
    const close = text.lastIndexOf(')');
    const command = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid, cpuSeconds: (utime + stime) / TICKS_PER_SECOND, command };
  } catch {
    return undefined;
  }
}

/** Every living descendant of `root`, with its CPU time so far. */
export function descendants(root: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const out: ProcStat[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child.pid);
    }
  };
  walk(root);
  return out;
}

/**
 * CPU used by the ffmpeg descendants of this process over `seconds`, in cores
 * (1.0 = one core busy the whole time). Processes must live through the window.
 */
export async function ffmpegCores(seconds: number): Promise<{ cores: number; processes: number }> {
  const before = new Map(descendants(process.pid).filter((stat) => stat.command === 'ffmpeg').map((stat) => [stat.pid, stat.cpuSeconds]));
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const wall = (performance.now() - started) / 1000;
  let used = 0;
  let processes = 0;
  for (const stat of descendants(process.pid)) {
    const start = before.get(stat.pid);
    if (start === undefined || stat.command !== 'ffmpeg') continue;
    used += stat.cpuSeconds - start;
    processes += 1;
  }
  return { cores: used / wall, processes };
}

/**
 * CPU used by `root` and every process under it over `seconds`, in cores (processes that
 * start or end within the window count for the part they lived through it).
 */
export async function treeCores(root: number, seconds: number): Promise<number> {
  const tree = (): ProcStat[] => [readStat(root), ...descendants(root)].filter((stat): stat is ProcStat => stat !== undefined);
  const before = new Map(tree().map((stat) => [stat.pid, stat.cpuSeconds]));
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const wall = (performance.now() - started) / 1000;
  let used = 0;
  for (const stat of tree()) used += stat.cpuSeconds - (before.get(stat.pid) ?? 0);
  return used / wall;
}

/** utime + stime of every thread of `pid` (seconds), by thread name. */
function threadSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const stat = readStat(Number(tid), `/proc/${pid}/task/${tid}/stat`);
    if (stat) out.set(stat.command, (out.get(stat.command) ?? 0) + stat.cpuSeconds);
  }
  return out;
}

/**
 * CPU over `seconds` of every thread of `pids`, in cores, keyed "<label of the process>/<thread
 * name>" (the kernel's name, cut to 15 characters: Chromium's VizCompositorThread reads
 * "VizCompositorTh"; a renderer's main thread keeps the process's name, "chromium"; threads of
 * one name in one process are summed). `pids` is listed at the start and at the end, so that,
 * as in `treeCores`, a process that starts within the window counts for the part it lived
 * through. A split of where a browser's CPU goes without a tracer attached, which would cost
 * CPU itself.
 */
export async function threadCores(pids: () => readonly number[], label: (pid: number) => string, seconds: number): Promise<Map<string, number>> {
  const take = (): Map<string, number> => {
    const all = new Map<string, number>();
    for (const pid of pids()) for (const [thread, used] of threadSeconds(pid)) all.set(`${pid}/${thread}`, used);
    return all;
  };
  const before = take();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const wall = (performance.now() - started) / 1000;
  const out = new Map<string, number>();
  // Each process is labelled once, however many threads it has.
  const labels = new Map<string, string>();
  for (const [key, used] of take()) {
    const [pid = '', thread = ''] = key.split(/\/(.*)/s);
    let processLabel = labels.get(pid);
    if (processLabel === undefined) labels.set(pid, (processLabel = label(Number(pid))));
    const name = `${processLabel}/${thread}`;
    out.set(name, (out.get(name) ?? 0) + (used - (before.get(key) ?? 0)) / wall);
  }
  return out;
}
