import { ContactRelation } from '../../common/codes/codes.js';
import { ContactsService } from '../../customers/contacts.service.js';
import { CUSTOMER_LIST, CustomerListService } from '../../customers/customer-list.service.js';
import { CustomersService } from '../../customers/customers.service.js';
import { ContactListQuery, type ContactDto } from '../../customers/dto/contact.dto.js';
import {
  CreateCustomerDto,
  CustomerListQuery,
  UpdateCustomerDto,
  type CustomerDto,
} from '../../customers/dto/customer.dto.js';
import { Customer } from '../../customers/entities/customer.entity.js';
import { componentAction, linkAction, recordAction } from '../adapter/actions.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';
import { Components } from '../components.js';

type CustomerRow = CustomerDto & { contacts?: ContactDto[] };

const isDeleted = (params: Record<string, unknown>) => !!params.deletedAt;

/** Customers: a consultant sees their own; deleted ones (for customers.delete holders) can be restored. */
export function customerResource(resolve: Resolve): ResourceSpec<CustomerRow> {
  const customers = resolve(CustomersService);
  const lists = resolve(CustomerListService);
  const contacts = resolve(ContactsService);
  const contactsOf = async (customerId: number, actor: Parameters<ContactsService['search']>[1]) =>
    (await contacts.search(Object.assign(new ContactListQuery(), { customerId, pageSize: 100 }), actor)).data;
  return {
    entity: Customer,
    navigation: 'customers',
    titleProperty: 'label',
    listProperties: [
      'number',
      'name',
      'phone',
      'qq',
      'source',
      'status',
      'consultantId',
      'consultCourseId',
      'latestIntention',
      'createdAt',
    ],
    showProperties: [
      'number',
      'name',
      'qq',
      'qqName',
      'phone',
      'source',
      'referralFrom',
      'status',
      'consultantId',
      'consultCourseId',
      'tagIds',
      'latestIntention',
      'lostToCompetitorId',
      'lastFollowUpAt',
      'content',
      'memo',
      'contacts',
      'createdAt',
      'updatedAt',
      'deletedAt',
    ],
    editProperties: [
      'name',
      'qq',
      'qqName',
      'phone',
      'source',
      'referralFrom',
      'status',
      'consultantId',
      'consultCourseId',
      'tagIds',
      'content',
      'memo',
    ],
    filterProperties: [
      'q',
      'status',
      'source',
      'consultantId',
      'tag',
      'latestIntention',
      'lostToCompetitorId',
      'createdAt',
      'deleted',
    ],
    properties: {
      number: { type: 'string' },
      label: { type: 'string' },
      q: { type: 'string' },
      deleted: { type: 'boolean' },
      consultantId: { isRequired: false }, // defaults to whoever creates the customer
      tagIds: { reference: 'Tag', isArray: true },
      tag: { reference: 'Tag' }, // AdminJS cannot filter on an array: one tag at a time
      lostToCompetitorId: { reference: 'Competitor' },
      contacts: {
        type: 'mixed',
        isArray: true,
        sub: { name: {}, relation: { codes: ContactRelation }, phone: {}, wechat: {}, qq: {}, email: {} },
      },
    },
    sortable: Object.keys(CUSTOMER_LIST.sortable),
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    access: { read: 'customers.read', create: 'customers.write', edit: 'customers.write', delete: 'customers.delete' },
    listQuery: CustomerListQuery,
    filterFields: { tag: 'tagIds', createdAt: { from: 'createdFrom', to: 'createdTo' } },
    export: 'customers',
    list: (query, actor) => lists.list(query as CustomerListQuery, actor),
    get: async (id, actor) => {
      const customer = await customers.get(id, actor, { withDeleted: actor.can('customers.delete') });
      return { ...customer, contacts: customer.deletedAt ? [] : await contactsOf(id, actor) };
    },
    create: { dto: CreateCustomerDto, run: (dto, actor) => customers.create(dto as CreateCustomerDto, actor) },
    update: {
      dto: UpdateCustomerDto,
      run: (id, dto, actor) => customers.update(id, dto as UpdateCustomerDto, actor),
    },
    remove: (id, actor) => customers.remove(id, actor),
    params: (customer) => ({
      ...customer,
      label: customer.name ?? customer.number,
      tagIds: customer.tags.map((tag) => tag.id),
    }),
    refs: (customer) => ({ Staff: [customer.consultant], Course: [customer.consultCourse], Tag: customer.tags }),
    actions: {
      edit: { isVisible: ({ record }) => !record || !isDeleted(record.params) },
      delete: { isVisible: ({ record }) => !record || !isDeleted(record.params) },
      contacts: linkAction({
        permission: 'customers.read',
        icon: 'Phone',
        to: (id, h) => h.resourceUrl({ resourceId: 'Contact', search: `?filters.customerId=${id}` }),
      }),
      followUps: linkAction({
        permission: 'followups.read',
        icon: 'MessageCircle',
        to: (id, h) => h.resourceUrl({ resourceId: 'FollowUp', search: `?filters.customerId=${id}` }),
      }),
      // the new-record forms take their first values from the query string: the customer is already chosen
      logFollowUp: linkAction({
        permission: 'followups.write',
        icon: 'PlusCircle',
        variant: 'primary',
        appliesTo: (params) => !isDeleted(params),
        to: (id, h) => h.newUrl('FollowUp', `?customerId=${id}`),
      }),
      enroll: linkAction({
        permission: 'enrollments.write',
        icon: 'FilePlus',
        appliesTo: (params) => !isDeleted(params),
        to: (id, h) => h.newUrl('Enrollment', `?customerId=${id}`),
      }),
      profilePdf: componentAction({
        actionType: 'record',
        permission: 'customers.read',
        icon: 'Printer',
        component: Components.PrintProfile,
        showInDrawer: true,
        appliesTo: (params) => !isDeleted(params),
      }),
      import: componentAction({
        actionType: 'resource',
        permission: 'customers.import',
        icon: 'Upload',
        component: Components.ImportCustomers,
      }),
      restore: recordAction({
        permission: 'customers.delete',
        icon: 'RotateCcw',
        variant: 'success',
        question: 'confirmRestore',
        appliesTo: isDeleted,
        run: (id, actor) => customers.restore(id, actor),
        done: 'customerRestored',
      }),
    },
  };
}
