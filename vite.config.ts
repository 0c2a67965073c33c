import { defineConfig } from 'vite';

/** Library build of the shell: one self-registering ES module with xterm and its CSS inside. */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'shell/index.ts',
      formats: ['es'],
      fileName: () => 'dev-shell.js',
    },
    rolldownOptions: {
      output: { minify: true },
    },
  },
});
