#!/usr/bin/env node
// The `overturn` command: runs the TypeScript CLI through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/adapters/cli/main.ts');
