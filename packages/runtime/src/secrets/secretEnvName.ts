/** The environment variable that carries a secret: `api.token` → `TROUPE_SECRET_API_TOKEN`. */
export function secretEnvName(id: string): string {
  return `TROUPE_SECRET_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export const SECRET_ENV_PREFIX = 'TROUPE_SECRET_';
