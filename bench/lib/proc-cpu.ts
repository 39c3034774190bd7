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

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
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
