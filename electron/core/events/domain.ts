import { eventChannels } from '../../../shared/contract/events';
import { defineDomain } from '../domain';
import { addAttachment, getAttachment, removeAttachment } from './attachments';
import { calendarStatus, clearCalendarDay, listCalendar, setCalendarDay } from './calendar';
import { eventCommands } from './commands';
import { exportEvents } from './exports';
import { closeCategory, createCategory, createEvent, getEvent, listCategories, listEvents, stepEvent, voidEvent } from './service';

export const eventsDomain = defineDomain({
  name: 'events',
  channels: eventChannels,
  commands: eventCommands,
  handlers: {
    'event.create': (ctx, input) => createEvent(ctx, input),
    'event.get': (ctx, input) => getEvent(ctx, input),
    'event.step': (ctx, input) => stepEvent(ctx, input),
    'event.list': (ctx, input) => listEvents(ctx, input),
    'event.export': (ctx, input) => exportEvents(ctx, input),
    'event.void': (ctx, input) => voidEvent(ctx, input),
    'event.attachment.add': (ctx, input) => addAttachment(ctx, input),
    'event.attachment.get': (ctx, input) => getAttachment(ctx, input),
    'event.attachment.remove': (ctx, input) => removeAttachment(ctx, input),
    'eventCategory.list': (ctx, input) => listCategories(ctx, input),
    'eventCategory.create': (ctx, input) => createCategory(ctx, input),
    'eventCategory.close': (ctx, input) => closeCategory(ctx, input),
    'calendar.list': (ctx, input) => listCalendar(ctx, input),
    'calendar.set': (ctx, input) => setCalendarDay(ctx, input),
    'calendar.clear': (ctx, input) => clearCalendarDay(ctx, input),
    'calendar.status': (ctx, input) => calendarStatus(ctx, input),
  },
});
