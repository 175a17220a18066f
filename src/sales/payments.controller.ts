import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import {
  CreatePaymentDto,
  CustomerPaymentListQuery,
  PaymentDto,
  PaymentListQuery,
  PaymentPageDto,
  UpdatePaymentDto,
} from './dto/payment.dto.js';
import { PaymentsService } from './payments.service.js';

/** Payments are never deleted: a mistake is corrected with a refund record, so there is no DELETE route. */
@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @RequirePermission('payments.read', "List a customer's payments and refunds, with totals")
  @Get('customers/:customerId/payments')
  listForCustomer(
    @Param('customerId', ParseIntPipe) customerId: number,
    @Query() query: CustomerPaymentListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<PaymentPageDto> {
    return this.payments.listForCustomer(customerId, query, actor);
  }

  @RequirePermission('payments.read', 'List payments and refunds, with totals over all matching rows')
  @Get('payments')
  list(@Query() query: PaymentListQuery, @CurrentActor() actor: Actor): Promise<PaymentPageDto> {
    return this.payments.list(query, actor);
  }

  @RequirePermission('payments.read', 'Read a payment or refund')
  @Get('payments/:id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.get(id, actor);
  }

  @RequirePermission('payments.write', 'Record a payment, or a refund (needs payments.refund)')
  @Post('payments')
  @Idempotent()
  create(@Body() dto: CreatePaymentDto, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.create(dto, actor);
  }

  @RequirePermission('payments.write', 'Correct the memo or method within 24 hours of recording')
  @Patch('payments/:id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdatePaymentDto,
    @CurrentActor() actor: Actor,
  ): Promise<PaymentDto> {
    return this.payments.update(id, dto, actor);
  }
}
