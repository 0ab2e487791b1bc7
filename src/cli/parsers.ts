import { InvalidArgumentError } from 'commander';

export function parseInteger(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export function parseFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n <= 1)) throw new InvalidArgumentError(`expected a number above 0 and at most 1, got "${value}"`);
  return n;
}

/** 0 (a check turned off), or an integer from min to max. */
export function parseIntegerOrOff(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || (n !== 0 && (n < min || n > max))) {
      throw new InvalidArgumentError(`expected 0 (off) or an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** "0x5eed" or "24301". */
export function parseSeed(value: string): number {
  const n = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value, 16) : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`expected an integer from 0 to 4294967295 (decimal or 0x…), got "${value}"`);
  return n;
}

/** ".txt,.md" or "txt" → [".txt", ".md"]. */
export function parseExtensions(value: string): string[] {
  const list = value.split(',').map((e) => e.trim()).filter(Boolean).map((e) => (e.startsWith('.') ? e : `.${e}`));
  if (list.length === 0) throw new InvalidArgumentError(`expected file endings such as ".txt,.md", got "${value}"`);
  return list;
}

/** "20MB", "500k", "1048576". */
export function parseBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected a size such as 20MB, 500k or 1048576, got "${value}"`);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * scale);
}
