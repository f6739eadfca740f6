/** FNV-1a 32-bit: stable across processes and restarts, so membership never flips. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Deterministic hold-out: the same alertId is in the control group on every instance and replay. */
export function inControlGroup(alertId: string, share: number): boolean {
  if (share <= 0) return false;
  return fnv1a(alertId) / 0x1_0000_0000 < share;
}
