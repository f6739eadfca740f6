import { SetMetadata } from '@nestjs/common';

export const SCOPES = ['scores:read', 'alerts:read', 'alerts:write', 'loyalty:read', 'loyalty:write', 'events:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const REQUIRED_SCOPE = 'gateway:required-scope';

/** The scope a route needs; `admin` holds every scope. Routes without it are public (health, docs, dashboard files). */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

export const grants = (held: readonly string[], needed: Scope): boolean => held.includes(needed) || held.includes('admin');
