#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` only needs the path to exist; any other use must fail loudly.
echo "The native Prisma schema engine is not used in Stockroom: run the npm db:* scripts (docs/database.md)." >&2
exit 1
