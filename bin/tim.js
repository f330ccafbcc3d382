#!/usr/bin/env node
// The package's command: `tim --help` lists the commands. The compiled entry point does the work.
import '../dist/main.js';
