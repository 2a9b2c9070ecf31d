// The channels of households and residents, answered by the people services.
import { personChannels } from '../../../shared/contract/people';
import { personCommands } from './commands';
import { defineDomain } from '../domain';
import { exportHouseholds, exportPopulation } from './export';
import { getPhoto, removePhoto, setPhoto } from './photo';
import { searchPersons } from './search';
import {
  createHousehold, createPerson, findHouseholds, getHousehold, getPerson, leavePerson, updateHousehold, updatePerson,
} from './service';

export const peopleDomain = defineDomain({
  name: 'people',
  channels: personChannels,
  commands: personCommands,
  handlers: {
    'person.search': (ctx, input) => searchPersons(ctx, input),
    'person.get': (ctx, input) => getPerson(ctx, input.id),
    'person.create': (ctx, input) => createPerson(ctx, input),
    'person.update': (ctx, input) => updatePerson(ctx, input),
    'person.leave': (ctx, input) => leavePerson(ctx, input),
    'person.export': (ctx, input) => exportPopulation(ctx, input),
    'person.photo.set': (ctx, input) => setPhoto(ctx, input),
    'person.photo.get': (ctx, input) => getPhoto(ctx, input.residentId),
    'person.photo.remove': (ctx, input) => removePhoto(ctx, input.residentId),
    'household.get': (ctx, input) => getHousehold(ctx, input.id),
    'household.find': (ctx, input) => findHouseholds(ctx, input),
    'household.create': (ctx, input) => createHousehold(ctx, input),
    'household.update': (ctx, input) => updateHousehold(ctx, input),
    'household.export': (ctx, input) => exportHouseholds(ctx, input),
  },
});
