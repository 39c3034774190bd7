import type { DragEvent } from 'react';
import { z } from 'zod';
import { CameraRef } from '../../../shared/model/camera';

/** The one drag type Tessera uses; the payload says what is dragged. */
export const DRAG_TYPE = 'application/x-tessera';

const DragPayload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cameras'), cameras: z.array(CameraRef).min(1) }),
  z.object({ kind: z.literal('tile'), index: z.number().int().min(0) }),
]);
export type DragPayload = z.infer<typeof DragPayload>;

export function startDrag(event: DragEvent, payload: DragPayload): void {
  event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(payload));
  event.dataTransfer.effectAllowed = payload.kind === 'tile' ? 'move' : 'copy';
}

/** True while something of ours is dragged over (its payload is unreadable until the drop). */
export function isOurDrag(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(DRAG_TYPE);
}

export function readDrop(event: DragEvent): DragPayload | undefined {
  try {
    const parsed = DragPayload.safeParse(JSON.parse(event.dataTransfer.getData(DRAG_TYPE)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
