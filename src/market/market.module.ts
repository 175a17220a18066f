import { Module } from '@nestjs/common';
import { ChannelSpendController } from './channel-spend.controller.js';
import { ChannelSpendService } from './channel-spend.service.js';
import { CompetitorsController } from './competitors.controller.js';
import { CompetitorsService } from './competitors.service.js';

/** Market intelligence: competitors and money spent per channel (losses are recorded on follow-ups). */
@Module({
  controllers: [CompetitorsController, ChannelSpendController],
  providers: [CompetitorsService, ChannelSpendService],
  exports: [CompetitorsService, ChannelSpendService],
})
export class MarketModule {}
