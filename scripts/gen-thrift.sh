#!/bin/sh
# Regenerates the Node (CommonJS, ES6 promises, .d.ts) Admiface client the tests use from thrift/admiface.thrift.
# Needs the Apache Thrift compiler (0.17 or later) on PATH. The server does not use generated code:
# src/admin/admiface/admiface-idl.ts holds its copy of the IDL (docs/admiface.md explains why).
set -eu
cd "$(dirname "$0")/.."
out=test/helpers/admiface-gen
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
thrift --gen js:node,es6,ts -out "$out.tmp" thrift/admiface.thrift
# The package is ESM; the generated files are CommonJS.
printf '{ "type": "commonjs" }\n' > "$out.tmp/package.json"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "generated $(ls "$out" | tr '\n' ' ')"
