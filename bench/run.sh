#!/usr/bin/env bash
# Every benchmark for one payload profile, in one command: the initrd writers (bench/initrd.sh),
# then whole images (bench/image.sh). Each prints its own table, ratios and targets.
#
#   bench/run.sh [small|large|huge] [rounds]
#
# The plugin is installed into the local repository once, by the first script (skip that too with
# BENCH_SKIP_INSTALL=yes); other environment variables pass through to both (see each script).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/initrd.sh" "$@"
echo
BENCH_SKIP_INSTALL=yes "$here/image.sh" "$@"
