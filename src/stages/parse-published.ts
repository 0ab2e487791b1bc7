import type { PublishedTime } from '../types.js';

export type { PublishedTime };

const DAY = 86_400_000;
const MINUTE = 60_000;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Offsets in minutes of the zone abbreviations news sites print after a time. */
const ZONES: Record<string, number> = {
  utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, ist: 330, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180,
  msk: 180, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, jst: 540, kst: 540, aest: 600, aedt: 660, awst: 480, nzst: 720, nzdt: 780,
  sgt: 480, hkt: 480,
};

const MONTH_NAME = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const CLOCK = '(?:,?\\s+(?:at\\s+)?(\\d{1,2})[:.h](\\d{2})(?::(\\d{2}))?\\s*([ap]\\.?m\\.?)?(?:\\s*([a-z]{1,5}|[+-]\\d{2}:?\\d{2}))?)?';

/** 2017-02-15, 2017-02-15T17:52, 2017-02-15 17:52:00+01:00, 2017-02-15T16:52:00.000Z */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** 15 Feb 2017, Wed 15 Feb, 2017 17:52 CEST, 15th February 2017 at 5.52pm */
export const DAY_MONTH_YEAR = new RegExp(`${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+(\\d{4})${CLOCK}`, 'i');
/** Feb. 15, 2017; February 15 2017 5:52 p.m. EST; Wednesday, February 15, 2017 */
export const MONTH_DAY_YEAR = new RegExp(`${WEEKDAY}${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${CLOCK}`, 'i');
/** Wed, 15 Feb 2017 17:52:00 +0100 (RFC 2822) is a DAY_MONTH_YEAR with a numeric zone. */

/**
 * Reads a date or date and time as found in metadata or text; null when it is not one.
 * A time without a zone is read as UTC.
 *
 *   parsePublished('2017-02-15')                → { iso: '2017-02-15', … the whole UTC day }
 *   parsePublished('Wed 15 Feb 2017 17:52 CEST') → { iso: '2017-02-15T15:52:00Z', … }
 */
export function parsePublished(value: string): PublishedTime | null {
  const text = value.trim();
  if (text === '') return null;
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, zone] = iso;
    if (h === undefined) return day(+y, +mo, +d);
    return instant(+y, +mo, +d, +h, +mi, s === undefined ? 0 : +s, zone === undefined ? 0 : zoneOffset(zone), s === undefined ? MINUTE - 1 : 999);
  }
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy && dmy.index === 0) return fromParts(dmy[3], dmy[2], dmy[1], dmy.slice(4));
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy && mdy.index === 0) return fromParts(mdy[3], mdy[1], mdy[2], mdy.slice(4));
  return null;
}

/** Builds a time from the groups of DAY_MONTH_YEAR / MONTH_DAY_YEAR: year, month name, day, clock. */
export function fromParts(year: string, month: string, dayOfMonth: string, clock: readonly (string | undefined)[]): PublishedTime | null {
  const mo = MONTHS[month.toLowerCase().slice(0, 3)];
  if (mo === undefined) return null;
  const [h, mi, s, ampm, zone] = clock;
  if (h === undefined || mi === undefined) return day(+year, mo, +dayOfMonth);
  let hour = +h;
  if (ampm) {
    const pm = ampm.toLowerCase().startsWith('p');
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  let offset = 0;
  if (zone !== undefined) {
    const z = zone.toLowerCase();
    if (/^[+-]/.test(z)) offset = zoneOffset(z);
    else if (z in ZONES) offset = ZONES[z];
  }
  return instant(+year, mo, +dayOfMonth, hour, +mi, s === undefined ? 0 : +s, offset, s === undefined ? MINUTE - 1 : 999);
}

function zoneOffset(zone: string): number {
  if (/^z$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + (m[3] === undefined ? 0 : +m[3]));
}

function valid(y: number, mo: number, d: number): boolean {
  if (y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function day(y: number, mo: number, d: number): PublishedTime | null {
  if (!valid(y, mo, d)) return null;
  const lo = Date.UTC(y, mo - 1, d);
  return { iso: new Date(lo).toISOString().slice(0, 10), lo, hi: lo + DAY - 1 };
}

function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMinutes: number, width: number): PublishedTime | null {
  if (!valid(y, mo, d) || h > 23 || mi > 59 || s > 60) return null;
  const lo = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * MINUTE;
  return { iso: new Date(lo).toISOString().replace(/\.000Z$/, 'Z'), lo, hi: lo + width };
}
