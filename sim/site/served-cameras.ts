import type { SimCamera } from './catalog';

/**
 * The cameras a vendor front serves: the site's cameras with these ids (all of them when
 * none are given), in site order. A demo wall runs one site behind two fronts that serve
 * different cameras, so the two servers of its camera tree really are different cameras;
 * a front never lists, streams or reports a camera outside its subset. Throws, naming
 * the front, on an id the site does not have.
 */
export function servedCameras(cameras: readonly SimCamera[], ids: readonly number[] | undefined, front: string): SimCamera[] {
  if (ids === undefined) return [...cameras];
  const unknown = ids.filter((id) => !cameras.some((camera) => camera.id === id));
  if (unknown.length > 0) {
    const known = cameras.length > 0 ? `it has cameras 1-${cameras.length}` : 'it has no cameras';
    throw new Error(`${front} front: the site has no camera ${unknown.join(', ')} (${known})`);
  }
  const wanted = new Set(ids);
  return cameras.filter((camera) => wanted.has(camera.id));
}
