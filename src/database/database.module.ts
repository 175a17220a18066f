import { Module } from '@nestjs/common';
import { StartupService } from './startup.service.js';

@Module({ providers: [StartupService], exports: [StartupService] })
export class DatabaseModule {}
