#!/usr/bin/env bash
# Re-runs the benchmarks of benchmarks/README.md on the checked-out commit, one at a time, and logs for each run
# its command, start and end time (UTC) and 1-minute load average at both (from /proc/loadavg).
#
#   benchmarks/run-all.sh [step ...]        # from the repository root; no step = all, in this order:
#
#   jmh       PipelineBenchmark, all benchmarks and body sizes, -prof gc                      (~7 min)
#   e2e-a     LoadRunner (a) email-triage + GeminiDecider, 2,000 emails, 800 ms               (~2 min)
#   e2e-base  LoadRunner (b-pool) google-genai SDK and (c) LangChain4j, 2,000 emails, 800 ms  (~7 min)
#   seq       LoadRunner (b-seq) sequential SDK loop, 300 emails, 800 ms                      (~4 min)
#   pg        LoadRunner (a) on the PostgreSQL store, 2,000 emails, 800 ms                    (~2 min)
#   cost      LoadRunner (a) with Flash-Lite, gpt-4.1-mini, gpt-4.1 and two cascades (issue 14) (~14 min)
#   heap-a    LoadRunner (a), in-memory and PostgreSQL store, 100,000 emails, no delay, -Xmx4g
#   heap-base LoadRunner (b-pool) and (c), 100,000 emails, no delay, -Xmx4g
#   store     StoreBench --writes 5000 --rows 1000000
#   faults    LoadRunner (a) on PostgreSQL, 20 % faults, PostgreSQL restarted at the 1,000th email (~4 min)
#   multi     MultiInstanceRun 1, 2, 4 instances and one of 2 killed                          (~5 min)
#
# Environment: FIXTURES (default ../shared/fixtures/mail, else /work/shared/fixtures/mail), OUT (default
# /tmp/bench-runs/<short commit>). The jar is built first unless JAR names one; it is copied to
# $OUT/benchmarks-<commit>.jar so that a rebuild cannot touch a running JVM. Every JSON line the load runner prints
# goes to $OUT/<step>.jsonl, every other output to $OUT/<step>.out; $OUT/runs.log has the commands, times and loads.
# The machine is shared: write the load averages next to every figure taken from these runs.
set -euo pipefail
cd "$(dirname "$0")/.."

COMMIT=$(git rev-parse --short HEAD)
if [[ -n "$(git status --porcelain -- . ':!benchmarks/README.md' ':!README.md')" ]]; then
  COMMIT="$COMMIT-dirty"
fi
OUT=${OUT:-/tmp/bench-runs/$COMMIT}
FIXTURES=${FIXTURES:-../shared/fixtures/mail}
[[ -f "$FIXTURES/MANIFEST.tsv" ]] || FIXTURES=/work/shared/fixtures/mail
[[ -f "$FIXTURES/MANIFEST.tsv" ]] || { echo "no fixtures (set FIXTURES)" >&2; exit 2; }
mkdir -p "$OUT"
if [[ -z "${JAR:-}" ]]; then
  ./mvnw -q -DskipTests package -pl benchmarks -am
  JAR=benchmarks/target/benchmarks.jar
fi
J="$OUT/benchmarks-$COMMIT.jar"
[[ "$(realpath "$JAR")" == "$(realpath -m "$J")" ]] || cp "$JAR" "$J"
LR=(java -Xmx1g -cp "$J" dev.emailtriage.benchmarks.LoadRunner --fixtures "$FIXTURES")
HEAP=(java -Xmx4g -Dot.epg.working-dir="$OUT/epg" -cp "$J" dev.emailtriage.benchmarks.LoadRunner --fixtures "$FIXTURES")

load() { cut -d' ' -f1 /proc/loadavg; }
run() { # run <step> <command...>: one run, logged
  local step=$1; shift
  local start; start=$(date -u +%H:%M:%S)
  local l0; l0=$(load)
  echo "[$step] $start load $l0: $*" | tee -a "$OUT/runs.log"
  local rc=0
  "$@" > >(tee -a "$OUT/$step.out" | grep '^{' >> "$OUT/$step.jsonl" || true) 2>> "$OUT/$step.err" || rc=$?
  sleep 1 # let tee finish
  echo "[$step] $start-$(date -u +%H:%M:%S) UTC load $l0 -> $(load) exit $rc (commit $COMMIT)" | tee -a "$OUT/runs.log"
}

step_jmh() { run jmh java -jar "$J" PipelineBenchmark -prof gc -rf json -rff "$OUT/jmh.json"; }
step_e2e-a() { run e2e-a "${LR[@]}" --system a --emails 2000 --delay-ms 800 --decisions "$OUT/dec-a.tsv"; }
step_e2e-base() {
  for s in b-pool c; do
    run e2e-base "${LR[@]}" --system $s --emails 2000 --delay-ms 800 --decisions "$OUT/dec-$s.tsv"
  done
}
step_seq() { run seq "${LR[@]}" --system b-seq --emails 300 --delay-ms 800; }
step_pg() {
  run pg java -Xmx1g -Dot.epg.working-dir="$OUT/epg" -cp "$J" dev.emailtriage.benchmarks.LoadRunner \
    --fixtures "$FIXTURES" --system a --store postgres --emails 2000 --delay-ms 800
}
step_cost() {
  for d in gemini:gemini-2.5-flash-lite openai:gpt-4.1-mini openai:gpt-4.1 \
      'cascade:gemini:gemini-2.5-flash-lite>gemini:gemini-2.5-flash' 'cascade:openai:gpt-4.1-mini>openai:gpt-4.1'; do
    run cost "${LR[@]}" --system a --decider "$d" --emails 2000 --delay-ms 800
  done
}
step_heap-a() {
  run heap-a "${HEAP[@]}" --system a --emails 100000 --delay-ms 0
  run heap-a "${HEAP[@]}" --system a --store postgres --emails 100000 --delay-ms 0
}
step_heap-base() {
  for s in b-pool c; do
    run heap-base "${HEAP[@]}" --system $s --emails 100000 --delay-ms 0
  done
}
step_store() {
  run store java -Dot.epg.working-dir="$OUT/epg" -cp "$J" dev.emailtriage.benchmarks.StoreBench --writes 5000 \
    --rows 1000000
}
step_faults() {
  run faults java -Xmx1g -Dot.epg.working-dir="$OUT/epg" -cp "$J" dev.emailtriage.benchmarks.LoadRunner \
    --fixtures "$FIXTURES" --system a --store postgres --emails 2000 --faults 0.2 --restart-pg-at 1000
}
step_multi() {
  run multi java -Dot.epg.working-dir="$OUT/epg-mi" -cp "$J" dev.emailtriage.benchmarks.MultiInstanceRun \
    --fixtures "$FIXTURES" --instances 1,2,4 --per-instance 400 --workers 8 --delay-ms 800 --kill 2
}

ALL=(jmh e2e-a e2e-base seq pg cost heap-a heap-base store faults multi)
STEPS=("$@")
[[ ${#STEPS[@]} -gt 0 ]] || STEPS=("${ALL[@]}")
for s in "${STEPS[@]}"; do
  declare -F "step_$s" > /dev/null || { echo "unknown step $s (one of ${ALL[*]})" >&2; exit 64; }
done
echo "commit $COMMIT ($(git log -1 --format=%cd --date=iso-strict)), $(nproc) CPUs, $(java -version 2>&1 | head -1)" \
  | tee -a "$OUT/runs.log"
for s in "${STEPS[@]}"; do
  "step_$s"
done
echo "results in $OUT"
