/**
 * Time in the candidate's own zone, with Intl only (no zone database of our own): local clock
 * readings, the night rule for deadlines, and working hours for delayed answers.
 */

/** Candidates are not asked to respond between these local hours (21:00 to 08:00). */
export const NIGHT_STARTS_AT_HOUR = 21;
export const NIGHT_ENDS_AT_HOUR = 8;
/** A response window must hold at least this many daytime hours, so it cannot be met only at night. */
export const MIN_DAYTIME_HOURS_PER_WINDOW = 4;
/** Working hours for the hiring team's delayed answers, Monday to Friday in the candidate's zone. */
export const WORKDAY_STARTS_AT_HOUR = 9;
export const WORKDAY_ENDS_AT_HOUR = 17;

const STEP_MS = 15 * 60_000;

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The local weekday (0 = Sunday) and hour (fractional) at an instant in a zone. */
export function localClock(at: Date, timeZone: string): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  }).formatToParts(at);
  const read = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(read("weekday"));
  return { weekday, hour: Number(read("hour")) + Number(read("minute")) / 60 };
}

export function isNight(at: Date, timeZone: string): boolean {
  const { hour } = localClock(at, timeZone);
  return hour >= NIGHT_STARTS_AT_HOUR || hour < NIGHT_ENDS_AT_HOUR;
}

/** Daytime hours (outside the night) between two instants, counted in quarter hours. */
export function daytimeHoursBetween(from: Date, to: Date, timeZone: string): number {
  let quarters = 0;
  for (let at = from.getTime(); at < to.getTime(); at += STEP_MS) {
    if (!isNight(new Date(at), timeZone)) quarters += 1;
  }
  return quarters / 4;
}

function isWorkingTime(at: Date, timeZone: string): boolean {
  const { weekday, hour } = localClock(at, timeZone);
  return weekday >= 1 && weekday <= 5 && hour >= WORKDAY_STARTS_AT_HOUR && hour < WORKDAY_ENDS_AT_HOUR;
}

/**
 * The instant `hours` working hours after `from`, as a colleague in a distributed team would
 * answer: evenings and weekends do not count. Counted in quarter hours.
 */
export function addWorkingHours(from: Date, hours: number, timeZone: string): Date {
  let remaining = Math.round(hours * 4);
  let at = from.getTime();
  while (remaining > 0) {
    if (isWorkingTime(new Date(at), timeZone)) remaining -= 1;
    at += STEP_MS;
  }
  return new Date(at);
}

/** "Tue, 8 Dec 2026, 17:00 (Europe/Lisbon)": how deadlines are written for the candidate. */
export function formatInZone(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return `${text} (${timeZone})`;
}
