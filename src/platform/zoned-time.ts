/**
 * Wall-clock times in IANA zones with Intl only (no zone database of our own): trial-day agendas
 * and team focus time both turn "this date, this clock time, in this zone" into an instant.
 */

/** How far a zone's clock is ahead of UTC at an instant, in milliseconds. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hourCycle: "h23",
  }).formatToParts(at);
  const read = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    read("year"),
    read("month") - 1,
    read("day"),
    read("hour"),
    read("minute"),
    read("second"),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a zone's clock shows a wall-clock reading, given as the milliseconds that reading
 * would be in UTC (the later reading across a daylight-saving change).
 */
export function instantOfWallClock(wallAsUtcMs: number, timeZone: string): Date {
  const first = wallAsUtcMs - zoneOffsetMs(new Date(wallAsUtcMs), timeZone);
  // Read the offset again at the guess: it differs when a daylight-saving change lies between.
  return new Date(wallAsUtcMs - zoneOffsetMs(new Date(first), timeZone));
}
