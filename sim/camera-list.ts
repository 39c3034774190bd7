/**
 * Camera ids as a person types them on the command line: a list of ids and ranges,
 * `1-8`, `9,10,12`, `1-4,7`. Undefined when the text is not such a list (a range that
 * runs backwards, an id below 1, anything else); duplicates are dropped, order kept.
 */
export function parseCameraList(text: string): number[] | undefined {
  const ids: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) return undefined;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to < from || to - from > 10_000) return undefined;
    for (let id = from; id <= to; id++) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
