#!/usr/bin/env node
import { loadBundle } from './load-bundle.js';

process.exitCode = await loadBundle('ldlint').exports.main(process.argv.slice(2));
