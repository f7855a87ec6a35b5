/** Bytes in decimal units with two or three digits: `240 GB`, `6.3 GB`, `512 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let k = 0;
  let value = bytes;
  while (value >= 1000 && k < units.length - 1) {
    value /= 1000;
    k++;
  }
  if (!Number.isFinite(value)) return 'an unbounded amount';
  // Past exabytes, two significant digits are all a reader needs (`2.4e+283 EB`).
  if (value >= 1000) return `${value.toPrecision(2)} ${units[k]}`;
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[k]}`;
}
