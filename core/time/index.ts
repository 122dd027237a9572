export {
  areIntervalsOverlapping,
  clampInterval,
  intersectIntervals,
  isIntervalEmpty,
  isIntervalWithin,
  mergeIntervals,
  subtractIntervals,
  type Interval,
} from './intervals.js';
export {
  isValidTimeZone,
  iterateLocalDays,
  listLocalDays,
  localDateOf,
  localDayRange,
  localTimeOnDay,
  localTimeToInstant,
  MINUTES_PER_DAY,
  parseHHMM,
  parseLocalDate,
  type LocalDay,
} from './zones.js';
export { addDays, DAY_MS, HOUR_MS, MINUTE_MS } from './units.js';
export { formatWallClockTime, isRepeatedWallTime } from './wallClock.js';
