#!/usr/bin/env node
// Launcher for `npx laminate`: registers tsx's loader, then runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('./laminate.ts');
