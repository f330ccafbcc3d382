#!/usr/bin/env node
// The package's command: `tim start | check | migrate`. The compiled entry point does the work.
import '../dist/main.js';
