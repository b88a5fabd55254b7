#!/usr/bin/env bash
# Runs a command under Node 24 LTS, the newest line the package supports (package.json engines: >=20;
# @pulumi/pulumi 3.249+ declares Node 22+). The Node 24 binary comes from the npm registry's `node`
# package, installed once into node_modules/.cache so CI needs no other download source.
# Usage: scripts/with-node24.sh npx jest
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="node_modules/.cache/node24"
if [ ! -x "$prefix/node_modules/.bin/node" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null
fi
export PATH="$PWD/$prefix/node_modules/.bin:$PATH"
echo "with-node24: $(node --version)"
exec "$@"
