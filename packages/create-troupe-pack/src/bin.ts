#!/usr/bin/env node
import { createPackMain } from './createPackMain.js';

process.exitCode = await createPackMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
