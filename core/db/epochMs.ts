/**
 * A timestamp as whole epoch milliseconds in SQL, for reads that hand many instants to the slot
 * engine. `extract(epoch …) * 1000` is a numeric written with six decimals
 * ("1762070400000.000000"); as int8 the driver and JSON.parse get a third less text. A busy
 * range's start is rounded down and its end up, so rounding never frees a microsecond.
 */
export const epochMsFloor = (expr: string) => `floor(extract(epoch FROM ${expr}) * 1000)::int8`;
export const epochMsCeil = (expr: string) => `ceil(extract(epoch FROM ${expr}) * 1000)::int8`;
