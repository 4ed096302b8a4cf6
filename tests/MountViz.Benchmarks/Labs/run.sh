#!/usr/bin/env bash
# The lab benchmark of issue 3 (see README.md here): operation round trips, outside-change latency
# and memory per namespace, with 3 peer lab namespaces of 200 mounts each, on the real kernel.
# Needs root (it creates mount namespaces; only inside them does anything get mounted).
# Usage: tests/MountViz.Benchmarks/Labs/run.sh [--operations N] [--outside N] [--nsenter N]
# Output: the table on stdout and in $MOUNTVIZ_BENCH_OUT/labs.md (default /tmp/mountviz-bench-labs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$here/../MountViz.Benchmarks.csproj"
out="${MOUNTVIZ_BENCH_OUT:-${TMPDIR:-/tmp}/mountviz-bench-labs}"
mkdir -p "$out"

if [[ $(id -u) -ne 0 ]]; then
    echo "run.sh: the lab benchmark creates mount namespaces and needs root; run it with sudo." >&2
    exit 2
fi

# Release, with its own artifacts path: parallel builds elsewhere in the tree are safe.
echo "== building MountViz.Benchmarks (Release)"
dotnet build "$project" -c Release --artifacts-path "$out/artifacts" -nologo -v quiet
dll="$out/artifacts/bin/MountViz.Benchmarks/release/MountViz.Benchmarks.dll"

echo "== running the lab benchmark"
dotnet "$dll" labs --report "$out/labs.md" "$@"
echo "== results: $out/labs.md"
