import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { CustomerListService } from './customer-list.service.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';
import { CustomerImportController } from './import/customer-import.controller.js';
import { FunnelDaySubscriber } from './funnel/funnel-day.subscriber.js';
import { CustomerImportService } from './import/customer-import.service.js';
import { OverviewService } from './overview.service.js';
import { TagsController } from './tags.controller.js';
import { TagsService } from './tags.service.js';

/**
 * Customers, their contacts and tags. Other modules apply record scope with customer-scope.ts (plain functions);
 * the list service is exported for the customer export (reports/export), which selects exactly the list's rows,
 * and the overview for the printed profile (reports/print). FunnelDaySubscriber keeps the funnel's daily counts
 * (customer_funnel_day) with every customer write.
 */
@Module({
  controllers: [CustomersController, CustomerImportController, ContactsController, TagsController],
  providers: [
    CustomersService,
    CustomerListService,
    ContactsService,
    TagsService,
    OverviewService,
    CustomerImportService,
    FunnelDaySubscriber,
  ],
  exports: [CustomerListService, OverviewService],
})
export class CustomersModule {}
