/**
 * When the embedded demo VMS may start. It is for a machine's first start only: on a
 * wall that has had servers of its own, demo cameras and the demo's alarm rules (critical
 * intrusions, with sound) would pass for real ones, and its events would go into the
 * real journal. So it starts only where nothing says the machine was ever set up: no
 * deployment file, no `servers.json` in any state, no journal of another server. A
 * damaged `servers.json` is still a sign of servers: the wall then waits for them, and
 * the operator is told why there is no demo.
 */

/** The id of each of the demo's servers, by vendor. */
export const DEMO_SERVERS = { ivms: 'demo', vxg: 'demo-cloud', een: 'demo-een', milestone: 'demo-xprotect' } as const;

/** The demo's server ids (their events in the journal are the demo's own). */
export const DEMO_SERVER_IDS: readonly string[] = Object.values(DEMO_SERVERS);

/** What the machine shows of its past, read at start before any store repairs a file. */
export interface DemoFacts {
  /** False with `--no-demo`. */
  readonly demoWanted: boolean;
  /** A deployment file was given (`--config`), whatever it holds. */
  readonly deploymentFile: boolean;
  /** `servers.json`: absent, naming servers, naming none, or damaged (not JSON, not an object, not valid). */
  readonly serversFile: 'missing' | 'servers' | 'empty' | 'damaged';
  /** The event journal: absent or empty, the demo's events only, or another server's (or unreadable). */
  readonly journal: 'none' | 'demo-only' | 'other-servers' | 'unreadable';
}

export type DemoDecision =
  | { readonly start: true }
  | {
      readonly start: false;
      /** For the operator's banner, when the reason is not something they chose. */
      readonly tell?: string;
    };

export function decideDemo(facts: DemoFacts): DemoDecision {
  if (!facts.demoWanted || facts.deploymentFile) return { start: false };
  if (facts.serversFile === 'damaged') {
    return { start: false, tell: 'The demo VMS was not started: servers.json was damaged and set aside (see the message about it), so this wall waits for its own servers. Add them under Servers, or put the file set aside back and restart.' };
  }
  if (facts.serversFile !== 'missing') return { start: false };
  if (facts.journal === 'other-servers' || facts.journal === 'unreadable') {
    return { start: false, tell: `The demo VMS was not started: the event journal ${facts.journal === 'unreadable' ? 'could not be read' : "holds events of this machine's own servers"}, though servers.json is gone. This wall waits for its servers: add them under Servers.` };
  }
  return { start: true };
}
