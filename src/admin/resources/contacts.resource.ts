import { CONTACT_LIST, ContactsService } from '../../customers/contacts.service.js';
import {
  ContactListQuery,
  CreateContactDto,
  UpdateContactDto,
  type ContactDto,
} from '../../customers/dto/contact.dto.js';
import { Contact } from '../../customers/entities/contact.entity.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** Contacts of the customers the signed-in staff member may see (open them from a customer: "Contacts"). */
export function contactResource(resolve: Resolve): ResourceSpec<ContactDto> {
  const contacts = resolve(ContactsService);
  return {
    entity: Contact,
    navigation: 'customers',
    titleProperty: 'name',
    listProperties: ['name', 'customerId', 'relation', 'phone', 'wechat', 'qq', 'email'],
    showProperties: [
      'customerId',
      'name',
      'relation',
      'phone',
      'wechat',
      'qq',
      'email',
      'memo',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['customerId', 'name', 'relation', 'phone', 'wechat', 'qq', 'email', 'memo'],
    filterProperties: ['customerId', 'q'],
    properties: { q: { type: 'string' } },
    sortable: Object.keys(CONTACT_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'asc' },
    access: { read: 'customers.read', create: 'customers.write', edit: 'customers.write', delete: 'customers.write' },
    listQuery: ContactListQuery,
    list: (query, actor) => contacts.search(query as ContactListQuery, actor),
    get: (id, actor) => contacts.find(id, actor),
    // the API takes the customer from the URL (/customers/:customerId/contacts)
    create: {
      dto: CreateContactDto,
      routeParams: ['customerId'],
      run: (dto, actor, { customerId }) => contacts.create(customerId, dto as CreateContactDto, actor),
    },
    update: {
      dto: UpdateContactDto,
      routeParams: ['customerId'],
      run: (id, dto, actor, { customerId }) => contacts.update(customerId, id, dto as UpdateContactDto, actor),
    },
    remove: async (id, actor) => contacts.remove((await contacts.find(id, actor)).customerId, id, actor),
  };
}
