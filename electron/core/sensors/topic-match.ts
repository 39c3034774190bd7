/**
 * Whether an MQTT topic matches a subscription's filter: `+` one level, `#` the rest
 * (MQTT 3.1.1 §4.7). Topics starting with `$` match only filters that name them, so `#`
 * never catches a broker's `$SYS` topics.
 */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  if (topic.startsWith('$') && (filterLevels[0] === '+' || filterLevels[0] === '#')) return false;
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === '#') return true;
    if (index >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[index]) return false;
  }
  return filterLevels.length === topicLevels.length;
}
