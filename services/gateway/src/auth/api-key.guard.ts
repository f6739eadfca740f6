import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Authenticator } from './authenticator';
import { REQUIRED_SCOPE, type Scope } from './scopes';

/** Global guard: a route marked with @RequireScope needs a valid key (401) holding that scope (403). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<Scope | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (scope) await this.authenticator.authenticate(context.switchToHttp().getRequest<FastifyRequest>(), scope);
    return true;
  }
}
