#!/usr/bin/env node
import { main } from '../dist/bundle/ldlint.mjs';

process.exitCode = await main(process.argv.slice(2));
