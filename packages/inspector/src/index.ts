import { fileURLToPath } from 'node:url';

/**
 * The folder of the built web inspector (index.html and hashed assets), made
 * by the package's `bundle` script. `@troupe/server` serves it at `/`.
 */
export const inspectorAssetsDir: string = fileURLToPath(new URL('../dist/app/', import.meta.url));
