import { Body, Controller, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/access.decorators.js';
import { AgreeByLinkDto, PublicAgreementDto, PublicEnrollmentDto } from './dto/enrollment-link.dto.js';
import { EnrollmentLinksService } from './enrollment-links.service.js';

const NOT_USABLE = 'The token is wrong, expired or used, or the enrollment no longer waits for agreement';

/** The customer's side of an enrollment link: no account, the token is the key. */
@ApiTags('public')
@Controller('public/enrollment-links')
export class EnrollmentLinksController {
  constructor(private readonly links: EnrollmentLinksService) {}

  @Public()
  @ApiOperation({ summary: 'What the customer is enrolling in: class, start date, contract and price' })
  @ApiNotFoundResponse({ description: NOT_USABLE })
  @Get(':token')
  view(@Param('token') token: string): Promise<PublicEnrollmentDto> {
    return this.links.view(token);
  }

  @Public()
  @ApiOperation({ summary: 'The customer agrees to the contract (once; the link is used up)' })
  @ApiNotFoundResponse({ description: NOT_USABLE })
  @Post(':token/agree')
  @HttpCode(200)
  agree(@Param('token') token: string, @Body() dto: AgreeByLinkDto, @Ip() ip: string): Promise<PublicAgreementDto> {
    return this.links.agree(token, dto, ip);
  }
}
