export { createBookingService, type BookingService, type BookingServiceDeps, type ScheduleBookingInput, type ScheduleBookingResult, type ScheduleAdHocMeetingInput, type ListMeetingsInput } from './service.js';
export { createSchedulingService, type SchedulingService, type SchedulingServiceDeps, type EventTypeInput, type EventTypePatch, type CreateTeamInput, type ListSlotsInput, type ListCommonSlotsInput, type SaveScheduleInput, type UpdateUserSettingsInput } from './scheduling.js';
export { loadHostAvailability, defaultSchedule, type LoadHostAvailabilityOptions, type LoadedHost } from './loader.js';
export type * from './types.js';
