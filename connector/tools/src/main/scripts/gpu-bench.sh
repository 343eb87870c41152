#!/usr/bin/env bash
# GPU throughput of the classifier: builds the tools with the Maven profile `gpu` (ONNX Runtime GPU, CUDA 12),
# then runs `bench model --device gpu` once per batch size (1..1024) for the teacher and, if present, the student,
# sampling nvidia-smi during each run for the peak GPU memory. Prints one table per package.
#
#   connector/tools/src/main/scripts/gpu-bench.sh [teacher-dir] [student-dir]
#   env: BATCHES="1 2 4 ... 1024"  SEQ=64  PRECISION=FP32  SECONDS=3  MVN_OFFLINE=1 (build with -o; the
#        onnxruntime_gpu jar must then already be in ~/.m2: it is not on a machine that only ever built for CPU)
#
# Needs: an NVIDIA GPU with its driver (nvidia-smi), CUDA 12 + cuDNN 9 libraries that ONNX Runtime 1.22 can load,
# JDK 17+, Maven. Has not run yet on this project's machines (no GPU lent): see docs/model.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)"
cd "$ROOT"
TEACHER="${1:-models/default}"
STUDENT="${2:-models/student}"
BATCHES="${BATCHES:-1 2 4 8 16 32 64 128 256 512 1024}"
SEQ="${SEQ:-64}"
PRECISION="${PRECISION:-FP32}"   # the int8 row-quantised graph has CPU-only operators; fp32 is the GPU path
SECONDS_PER_CASE="${SECONDS:-3}"

say() { echo "gpu-bench: $*" >&2; }

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  say "no NVIDIA GPU here (nvidia-smi missing or failing); nothing to measure"
  exit 2
fi
[ -d "$TEACHER" ] || { say "teacher package not found: $TEACHER"; exit 2; }

say "building with -Pgpu (onnxruntime_gpu instead of the CPU runtime)..."
OFFLINE=()
[ "${MVN_OFFLINE:-0}" = "1" ] && OFFLINE=(-o)
mvn -B -q "${OFFLINE[@]}" -Pgpu -DskipTests package -pl connector/tools -am 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
touch connector/tools/target/.built   # the launcher must not rebuild it for CPU behind our back

# Both runtime jars carry the same ai.onnxruntime classes and native loader: keep only the GPU one.
CP_FILE=connector/tools/target/runtime-classpath.txt
GPU_JAR="$(tr ':' '\n' < "$CP_FILE" | grep '/onnxruntime_gpu-[^/]*\.jar$' || true)"
[ -n "$GPU_JAR" ] || { say "onnxruntime_gpu is not on the runtime class path: did the gpu profile apply?"; exit 1; }
CP="$(ls connector/tools/target/centinela-tools-*.jar | head -1):$(tr ':' '\n' < "$CP_FILE" | grep -v '/onnxruntime-[0-9][^/]*\.jar$' | paste -sd: -)"

export DJL_OFFLINE=true OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/centinela/djl}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"

# Peak memory.used (MiB) of GPU 0 while the command runs, sampled every 100 ms.
with_peak_memory() { # <out-file> <command...>
  local out="$1"; shift
  local samples; samples="$(mktemp)"
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 -lms 100 > "$samples" 2>/dev/null &
  local smi=$!
  local rc=0
  "$@" > "$out" 2>&1 || rc=$?
  kill "$smi" 2>/dev/null || true
  wait "$smi" 2>/dev/null || true
  PEAK="$(sort -n "$samples" | tail -1)"
  rm -f "$samples"
  return $rc
}

bench_package() { # <package-dir>
  local pkg="$1"
  echo
  echo "### $pkg on $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader -i 0 | head -1), seq $SEQ, $PRECISION"
  echo
  echo "| batch | sequences/s | peak GPU memory MiB | device |"
  echo "|---|---|---|---|"
  for b in $BATCHES; do
    local log; log="$(mktemp)"
    if with_peak_memory "$log" java -Xmx4g -Dai.djl.offline=true -Dcentinela.home="$ROOT" -cp "$CP" \
        io.centinela.cli.CentinelaCli bench model --model "$pkg" --device gpu --precisions "$PRECISION" \
        --batches "$b" --seqs "$SEQ" --seconds "$SECONDS_PER_CASE" --max-events 2000; then
      local rate device
      rate="$(grep -E "^\| $PRECISION \| $SEQ \| $b \| " "$log" | awk -F'|' '{gsub(/ /,"",$5); print $5}')"
      device="$(grep -m1 '^machine:' "$log" | sed 's/.*device //')"
      echo "| $b | ${rate:--} | ${PEAK:--} | ${device:-?} |"
    else
      echo "| $b | failed (see below) | ${PEAK:--} | |"
      tail -20 "$log" >&2
    fi
    if [ "$b" = "64" ]; then   # the end-to-end table (dynamic batches of up to 64) once per package
      grep -A4 '^end to end' "$log" >&2 || true
    fi
    rm -f "$log"
  done
}

bench_package "$TEACHER"
if [ -d "$STUDENT" ]; then
  bench_package "$STUDENT"
else
  say "no student package at $STUDENT: teacher only"
fi
