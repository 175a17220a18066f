import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import type { Lang } from '../../common/codes/code-table.js';
import { today } from '../../common/time/school-time.js';
import { AppConfig } from '../../config/app-config.js';
import { OverviewService } from '../../customers/overview.service.js';
import { formatExportDate } from '../export/stream-export.js';
import { drawCustomerProfile } from './customer-profile-pdf.js';
import { printedFooter } from './print-format.js';
import { sendPdf } from './send-print.js';

/**
 * The printable customer profile, from the customer overview: the same record scope (another consultant's
 * customer is 404) and the same per-section permissions.
 */
@Injectable()
export class CustomerProfileService {
  constructor(
    private readonly overviews: OverviewService,
    private readonly config: AppConfig,
  ) {}

  async print(id: number, lang: Lang, actor: Actor, res: Response): Promise<void> {
    const overview = await this.overviews.overview(id, actor);
    const timeZone = this.config.reportTimezone;
    const printed = formatExportDate(new Date(), timeZone);
    const { number, name } = overview.customer;
    const title = `${lang === 'zh' ? '客户档案' : 'Customer profile'} ${number}`;
    await sendPdf(
      res,
      `${lang === 'zh' ? '客户档案' : 'customer-profile'}-${number}-${today(timeZone)}.pdf`,
      {
        title,
        header: `EasyCRM · ${title} · ${name ?? ''}`,
        footer: printedFooter(printed, lang),
      },
      (doc) => drawCustomerProfile(doc, overview, { lang, timeZone }, printed),
    );
  }
}
