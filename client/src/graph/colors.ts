// Colour arithmetic for tints: Cytoscape takes plain colours, not CSS color-mix().

/** Parses #rgb or #rrggbb; null for anything else. */
export function parseHex(color: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) {
    return null;
  }

  const hex = match[1].length === 3 ? [...match[1]].map(c => c + c).join('') : match[1];
  return [0, 2, 4].map(i => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** `amount` of `color` over `base` (both hex), as hex; `color` itself when either is not hex. */
export function mix(color: string, base: string, amount: number): string {
  const a = parseHex(color);
  const b = parseHex(base);
  if (!a || !b) {
    return color;
  }

  const channel = (i: 0 | 1 | 2): string =>
    Math.round(a[i] * amount + b[i] * (1 - amount)).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}
