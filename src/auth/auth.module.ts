import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { AccessService } from './access.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { Staff } from './entities/staff.entity.js';
import { jwtKey } from './jwt-key.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LoginThrottle } from './login-throttle.js';
import { RolesController } from './roles.controller.js';
import { RolesService } from './roles.service.js';
import { StaffController } from './staff.controller.js';
import { StaffService } from './staff.service.js';

/** Sign-in, tokens, staff accounts, roles, permissions and menus (the auth/rbac module). */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([Staff]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: jwtKey(config), signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, StaffController, RolesController],
  providers: [AccessService, AuthService, JwtStrategy, LoginThrottle, RolesService, StaffService],
  exports: [AccessService, AuthService],
})
export class AuthModule {}
