import type { Admin } from 'kafkajs';

/** Low and high watermarks per topic and partition, fetched once per topic and shared between groups. */
export type Watermarks = Map<string, Map<number, { readonly low: number; readonly high: number }>>;

/**
 * Records a consumer group is behind: high watermarks minus committed offsets.
 *
 * Given the topics the group consumes, a partition it has not committed on yet counts from the
 * low watermark (every consumer here starts from the earliest record), so a group that never got
 * going, or lost its place, shows as behind. Without them, only topics the group has committed on
 * are seen and an uncommitted partition counts 0: enough for a lag chart, not for "all consumed".
 */
export async function consumerGroupLag(
  admin: Admin,
  groupId: string,
  watermarks: Watermarks = new Map(),
  topics?: readonly string[],
): Promise<number> {
  const offsets = topics
    ? await admin.fetchOffsets({ groupId, topics: [...topics] })
    : await admin.fetchOffsets({ groupId });
  let lag = 0;
  for (const { topic, partitions } of offsets) {
    const marks = await watermarksOf(admin, topic, watermarks);
    for (const { partition, offset } of partitions) {
      const { low, high } = marks.get(partition) ?? { low: 0, high: 0 };
      const committed = Number(offset);
      if (committed >= 0) lag += Math.max(0, high - committed);
      else if (topics) lag += high - low;
    }
  }
  return lag;
}

async function watermarksOf(
  admin: Admin,
  topic: string,
  cache: Watermarks,
): Promise<Map<number, { low: number; high: number }>> {
  let marks = cache.get(topic);
  if (marks === undefined) {
    const offsets = await admin.fetchTopicOffsets(topic);
    marks = new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
    cache.set(topic, marks);
  }
  return marks;
}
