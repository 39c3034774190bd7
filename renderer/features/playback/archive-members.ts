import type { SyncMember } from './playback-sync';

/**
 * The archive tiles of this window, by tile index, for the sync loop and the playback
 * bar (snapshot, frame rate). Tiles register while they play a recording.
 */
const members = new Map<number, SyncMember>();

export const archiveMembers = {
  set(index: number, member: SyncMember): void {
    members.set(index, member);
  },
  delete(index: number, member: SyncMember): void {
    if (members.get(index) === member) members.delete(index);
  },
  all(): SyncMember[] {
    return [...members.values()];
  },
};
