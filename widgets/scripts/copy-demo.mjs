// Puts the demo intranet page next to the bundle; the server fills in the demo record ids at /demo.
import { copyFileSync } from 'node:fs';

copyFileSync(new URL('../demo/index.html', import.meta.url), new URL('../dist/demo.html', import.meta.url));
