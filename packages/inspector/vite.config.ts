import { defineConfig } from 'vite';

// The app is plain Preact + TSX compiled by esbuild: no framework plugin needed.
export default defineConfig({
  root: 'src/app',
  base: '/',
  build: {
    outDir: '../../dist/app',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
