#!/usr/bin/env bash
# The browser benchmark of issue 4 (see ../README.md): the dashboard in Debian's Chromium with a
# generated namespace of 5,000 mounts (first render, 50-change batches, JS heap, CPU profiles),
# then command-to-graph latency in a real lab (root; --commands 0 skips it).
# Usage: tests/MountViz.Benchmarks/Browser/run.sh [--mounts N] [--renders N] [--batches N] [--commands N] [--patience SECONDS] [--shape realistic|balanced]
# Output: the report on stdout and in $MOUNTVIZ_BENCH_OUT/report.md (default /tmp/mountviz-bench-browser),
# with first-render.cpuprofile and batch.cpuprofile (open them in Chromium's DevTools), first-batch.json and screenshots.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$here/../MountViz.Benchmarks.csproj"
out="${MOUNTVIZ_BENCH_OUT:-${TMPDIR:-/tmp}/mountviz-bench-browser}"
mkdir -p "$out"

if ! command -v chromium >/dev/null; then
    echo "== installing chromium"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

# Release, with its own artifacts path: parallel builds elsewhere in the tree are safe.
echo "== building MountViz.Benchmarks (Release)"
dotnet build "$project" -c Release --artifacts-path "$out/artifacts" -nologo -v quiet
dll="$out/artifacts/bin/MountViz.Benchmarks/release/MountViz.Benchmarks.dll"

echo "== running the browser benchmark"
dotnet "$dll" browser --out "$out" "$@"
echo "== results: $out/report.md"
