#!/usr/bin/env bash
# The parse benchmark of issue 2: MountViz (BenchmarkDotNet, MountTable.Parse) and libmount
# (libmount/bench.c, mnt_table_parse_file) on the same files, then a table of time per line.
# Usage: tests/MountViz.Benchmarks/run.sh [BenchmarkDotNet arguments, default: --filter '*MountTableParseBenchmarks*']
# Output goes to $MOUNTVIZ_BENCH_OUT (default /tmp/mountviz-bench): data/, libmount.tsv,
# comparison.md and BenchmarkDotNet.Artifacts/. Nothing is written inside the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${MOUNTVIZ_BENCH_OUT:-${TMPDIR:-/tmp}/mountviz-bench}"
data="$out/data"
mkdir -p "$out"

# 1. The C toolchain and libmount's headers, installed when missing (Debian/Ubuntu).
if ! command -v gcc >/dev/null || ! command -v pkg-config >/dev/null || ! pkg-config --exists mount 2>/dev/null; then
    echo "== installing libmount-dev gcc pkg-config"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y libmount-dev gcc pkg-config
fi

# 2. The libmount harness.
echo "== compiling libmount/bench.c against libmount $(pkg-config --modversion mount)"
# shellcheck disable=SC2046 # pkg-config's flags must split into words
gcc -O2 -Wall -Wextra -Werror -o "$out/libmount-bench" "$here/libmount/bench.c" $(pkg-config --cflags --libs mount)

# 3. The .NET benchmark, Release, with its own artifacts path (parallel builds elsewhere in the tree are safe).
echo "== building MountViz.Benchmarks (Release)"
dotnet build "$here/MountViz.Benchmarks.csproj" -c Release --artifacts-path "$out/artifacts" -nologo -v quiet
dll="$out/artifacts/bin/MountViz.Benchmarks/release/MountViz.Benchmarks.dll"

# 4. The files, generated from a fixed seed (and the gentoo fixture copied beside them).
echo "== generating $data"
(cd "$root" && dotnet "$dll" generate "$data")
files=("$data/gentoo.mountinfo" "$data/generated-1000.mountinfo" "$data/generated-10000.mountinfo" "$data/generated-100000.mountinfo")

# 5. libmount on those files.
echo "== libmount: mnt_new_table + mnt_table_parse_file + mnt_unref_table"
"$out/libmount-bench" "${files[@]}" | tee "$out/libmount.tsv"

# 6. BenchmarkDotNet on the same files, then the comparison table (also in comparison.md).
echo "== BenchmarkDotNet: MountTable.Parse"
bdn_args=("$@")
if [[ ${#bdn_args[@]} -eq 0 ]]; then bdn_args=(--filter '*MountTableParseBenchmarks*'); fi
cd "$root"
dotnet "$dll" --data "$data" --libmount "$out/libmount.tsv" --report "$out/comparison.md" \
    --artifacts "$out/BenchmarkDotNet.Artifacts" "${bdn_args[@]}"
echo "== results: $out/comparison.md, $out/BenchmarkDotNet.Artifacts/results/"
