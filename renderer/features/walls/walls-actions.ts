import type { WallsState } from '../../../shared/model/wall';
import type { Result } from '../../../shared/result';
import type { TesseraClient } from '../../ipc/client';
import { useWall } from '../../stores/wall';
import { viewOf } from './monitor-view';
import { buildWall, wallId } from './wall-builder';
import { wallsSync } from './walls-sync';
import { useWallsUi } from './walls-ui';

/** What the walls menu does; each returns a reason in words when the core refused. */
type Outcome = Promise<string | undefined>;

async function apply(pending: Promise<Result<WallsState>>, adopt: (state: WallsState) => void): Outcome {
  const reply = await pending;
  if (!reply.ok) return reply.error.message;
  adopt(reply.value);
  return undefined;
}

const keep = (state: WallsState): void => useWallsUi.setState({ walls: state });

/** Every monitor switches to the wall; this one at once, even if it shows the wall already (a reset). */
export function activateWall(client: TesseraClient, id: string): Outcome {
  const sync = wallsSync();
  return apply(client.invoke('walls.activate', { id }), (state) => (sync ? sync.adopt(state, true) : keep(state)));
}

/** Ctrl+Alt+<digit>: the wall with that hotkey, if there is one. */
export function activateHotkey(client: TesseraClient, digit: number): Outcome {
  const wall = useWallsUi.getState().walls?.walls.find((known) => known.hotkey === digit);
  return wall ? activateWall(client, wall.id) : Promise.resolve(`No wall has Ctrl+Alt+${digit}`);
}

/** Saves what every monitor shows now as a wall (replacing one of the same name). */
export async function saveWallAs(client: TesseraClient, name: string, hotkey: number | null): Outcome {
  // The core's copy of this monitor may be a moment behind, and the other monitors' views are only there.
  wallsSync()?.flush();
  const latest = await client.invoke('walls.get', {});
  if (!latest.ok) return latest.error.message;
  const { monitor } = useWallsUi.getState();
  const wall = buildWall({ name, hotkey, walls: latest.value.walls, current: latest.value.current, monitor, shown: viewOf(useWall.getState()), now: Date.now(), newId: () => wallId(name) });
  return apply(client.invoke('walls.save', wall), keep);
}

export function deleteWall(client: TesseraClient, id: string): Outcome {
  return apply(client.invoke('walls.delete', { id }), keep);
}

/** The wall every monitor shows at start (null: each resumes what it showed). */
export function setDefaultWall(client: TesseraClient, id: string | null): Outcome {
  return apply(client.invoke('walls.setDefault', { id }), keep);
}
