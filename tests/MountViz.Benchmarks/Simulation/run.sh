#!/usr/bin/env bash
# The simulator benchmark of issue 6 (see README.md, "Predictions"): one prediction in a lab of
# 4 namespaces × 500 mounts, for a bind into a shared tree, make-rshared and make-rprivate of the
# root, umount -R and a clone. Pure: nothing is mounted, no root needed.
# Usage: tests/MountViz.Benchmarks/Simulation/run.sh [BenchmarkDotNet arguments]
# Output: $MOUNTVIZ_BENCH_OUT (default /tmp/mountviz-bench-simulation)/BenchmarkDotNet.Artifacts/results/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$here/../MountViz.Benchmarks.csproj"
out="${MOUNTVIZ_BENCH_OUT:-${TMPDIR:-/tmp}/mountviz-bench-simulation}"
mkdir -p "$out"

# Release, with its own artifacts path: parallel builds elsewhere in the tree are safe.
echo "== building MountViz.Benchmarks (Release)"
dotnet build "$project" -c Release --artifacts-path "$out/artifacts" -nologo -v quiet
dll="$out/artifacts/bin/MountViz.Benchmarks/release/MountViz.Benchmarks.dll"

echo "== BenchmarkDotNet: Simulator.Predict"
bdn_args=("$@")
if [[ ${#bdn_args[@]} -eq 0 ]]; then bdn_args=(--filter '*SimulationBenchmarks*'); fi
dotnet "$dll" --artifacts "$out/BenchmarkDotNet.Artifacts" "${bdn_args[@]}"
echo "== results: $out/BenchmarkDotNet.Artifacts/results/"
