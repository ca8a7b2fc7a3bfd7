#!/usr/bin/env bash
# webgpu-train's GPU kit: runs the engine's fidelity check, benchmarks and tuning pass on this
# machine's GPU with nothing but this folder (no npm, no network). Built by `npm run gpu-kit`.
#
#   run.sh [--quick] OUTDIR
#
# Writes into OUTDIR, one step after another: environment.json (the Vulkan loader and driver it
# found), adapter.json, fidelity.json, tuning.json, bench-tutorial-<schedule>-<sizes>.json,
# bench-mlp-<schedule>.json, bench-targets.json (not with --quick), then summary.json and run.log. Each step's file is
# {step, ok, exitCode, timedOut, seconds, quick, command, stderr, result}, where result is what
# `webgpu-train … --json` printed (null if it printed no JSON). A failed step is recorded and the
# run goes on; the exit status is 0 only when every step passed. --quick runs fewer sizes, steps
# and repeats (about a minute on SwiftShader); the full run takes a few minutes on a GPU.
#
# The Vulkan driver: VK_ICD_FILENAMES or VK_DRIVER_FILES when set; otherwise NVIDIA's ICD where the
# driver puts it (/usr/local/nvidia/share/vulkan/icd.d) or whatever /usr/share/vulkan/icd.d and
# /etc/vulkan/icd.d hold. The Vulkan loader: the system's libvulkan.so.1, else the kit's libvulkan1
# .deb, unpacked here (KIT_VULKAN_LOADER=kit takes the kit's even when the system has one).
set -u -o pipefail

# The engine's schedules, each forced after the automatic choice. Named here once.
SCHEDULES="fused layered"

usage() {
  echo "usage: $0 [--quick] OUTDIR" >&2
  exit 2
}
QUICK=false
if [ "${1:-}" = "--quick" ]; then
  QUICK=true
  shift
fi
[ $# -eq 1 ] && [ -n "$1" ] && [ "${1#-}" = "$1" ] || usage
KIT=$(cd "$(dirname "$0")" && pwd) || exit 1
mkdir -p "$1" || exit 2
OUT=$(cd "$1" && pwd) || exit 2
LOG="$OUT/run.log"
: >"$LOG"
STARTED=$(date +%s)

say() { printf '%s\n' "$*" | tee -a "$LOG"; }

# A JSON string from any text: backslashes, quotes and control characters escaped, lines joined by \n.
json_string() {
  printf '%s' "$1" | tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
    awk 'BEGIN { ORS = ""; print "\"" } NR > 1 { print "\\n" } { print } END { print "\"" }'
}

# Writes a file whole or not at all, as the command line does.
write_json() {
  printf '%s\n' "$2" >"$OUT/$1.tmp" && mv "$OUT/$1.tmp" "$OUT/$1"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/webgpu-train-kit.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM # so that the EXIT trap cleans up after a Ctrl-C or a kill too
say "webgpu-train GPU kit: $([ "$QUICK" = true ] && echo quick || echo full) run into $OUT"

# --- the payload: Node, the command line, Dawn and the fixtures -------------------------------
PROBLEMS=()
NODE="$WORK/bin/node"
CLI="$WORK/lib/webgpu-train.js"
if ! tar -xzf "$KIT/payload.tar.gz" -C "$WORK" 2>>"$LOG"; then
  PROBLEMS+=("could not unpack $KIT/payload.tar.gz with tar and gzip (see run.log)")
elif ! "$NODE" --version >/dev/null 2>>"$LOG"; then
  PROBLEMS+=("the kit's Node ($NODE) does not start here; it needs linux-x64 with glibc 2.28 or later and libstdc++")
fi

# --- the Vulkan loader ------------------------------------------------------------------------
LDCONFIG=""
for candidate in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
  if command -v "$candidate" >/dev/null 2>&1; then
    LDCONFIG=$candidate
    break
  fi
done
SYSTEM_LOADER=""
if [ -n "$LDCONFIG" ]; then
  SYSTEM_LOADER=$("$LDCONFIG" -p 2>/dev/null | awk '/libvulkan\.so\.1 / { print $NF; exit }')
fi
KIT_DEB=$(ls "$KIT"/libvulkan1_*.deb 2>/dev/null | head -n 1)

unpack_deb() { # unpack_deb DEB DIR: dpkg where there is one, else ar and tar
  mkdir -p "$2"
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -x "$1" "$2"
  elif command -v ar >/dev/null 2>&1; then
    (cd "$2" && ar x "$1" && tar -xf data.tar.*)
  else
    echo "neither dpkg nor ar is here to unpack $1" >&2
    return 1
  fi
}

LOADER=""
if [ -n "$SYSTEM_LOADER" ] && [ "${KIT_VULKAN_LOADER:-}" != kit ]; then
  LOADER="the system's $SYSTEM_LOADER"
elif [ -n "$KIT_DEB" ]; then
  if unpack_deb "$KIT_DEB" "$WORK/vulkan" 2>>"$LOG"; then
    found=$(find "$WORK/vulkan" -name 'libvulkan.so.1' | head -n 1)
    if [ -n "$found" ]; then
      export LD_LIBRARY_PATH="$(dirname "$found")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      LOADER="the kit's $(basename "$KIT_DEB"), unpacked to $(dirname "$found")"
    fi
  fi
  [ -n "$LOADER" ] || PROBLEMS+=("could not unpack the Vulkan loader from $KIT_DEB (see run.log)")
else
  PROBLEMS+=("no Vulkan loader: this system has no libvulkan.so.1 and the kit holds no libvulkan1 .deb; install libvulkan1, or build the kit where \`apt-get download libvulkan1\` works")
fi

# --- the Vulkan driver (ICD) ------------------------------------------------------------------
NVIDIA_ICD_DIR=/usr/local/nvidia/share/vulkan/icd.d
ICD_DIRS="$NVIDIA_ICD_DIR /usr/share/vulkan/icd.d /etc/vulkan/icd.d"
if [ -n "${VK_ICD_FILENAMES:-}" ] || [ -n "${VK_DRIVER_FILES:-}" ]; then
  ICD="${VK_ICD_FILENAMES:-$VK_DRIVER_FILES}"
  ICD_SOURCE="as set in $([ -n "${VK_ICD_FILENAMES:-}" ] && echo VK_ICD_FILENAMES || echo VK_DRIVER_FILES)"
  IFS=: read -r -a listed <<<"$ICD"
  for f in "${listed[@]}"; do
    [ -f "$f" ] || PROBLEMS+=("the Vulkan driver file $f (from $ICD_SOURCE) does not exist")
  done
else
  nvidia=()
  others=()
  for dir in $ICD_DIRS; do
    for f in "$dir"/*.json; do
      [ -f "$f" ] || continue
      case "$f" in
        "$NVIDIA_ICD_DIR"/* | *nvidia*) nvidia+=("$f") ;;
        *) others+=("$f") ;;
      esac
    done
  done
  if [ ${#nvidia[@]} -gt 0 ]; then
    ICD="${nvidia[0]}"
    ICD_SOURCE="NVIDIA's, found in $(dirname "$ICD")"
  elif [ ${#others[@]} -gt 0 ]; then
    ICD=$(IFS=:; echo "${others[*]}")
    ICD_SOURCE="found in $ICD_DIRS"
  else
    ICD=""
    ICD_SOURCE="none found"
    PROBLEMS+=("no Vulkan driver (ICD) in $ICD_DIRS: set VK_ICD_FILENAMES (or VK_DRIVER_FILES) to the driver's JSON file, e.g. VK_ICD_FILENAMES=$NVIDIA_ICD_DIR/nvidia_icd.json")
  fi
  [ -z "$ICD" ] || export VK_ICD_FILENAMES="$ICD"
fi
# NVIDIA's ICD names its library without a path; where the driver is mounted apart, look there too
for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$dir" ] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$dir"
done
# a run's tuning and caches stay in the kit's temporary folder; SwiftShader wants a runtime folder
export XDG_CACHE_HOME="$WORK/cache" XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

problems_json=$(for p in "${PROBLEMS[@]+"${PROBLEMS[@]}"}"; do json_string "$p"; echo ,; done | tr -d '\n')
write_json environment.json "{\"ok\": $([ ${#PROBLEMS[@]} -eq 0 ] && echo true || echo false), \
\"quick\": $QUICK, \"kit\": $(cat "$KIT/kit.json" 2>/dev/null || echo null), \
\"vulkanLoader\": $(json_string "${LOADER:-none}"), \"vulkanDriver\": $(json_string "${ICD:-none}"), \
\"vulkanDriverSource\": $(json_string "$ICD_SOURCE"), \"LD_LIBRARY_PATH\": $(json_string "${LD_LIBRARY_PATH:-}"), \
\"kernel\": $(json_string "$(uname -srm)"), \"problems\": [${problems_json%,}]}"
say "vulkan loader: ${LOADER:-none}"
say "vulkan driver: ${ICD:-none} ($ICD_SOURCE)"
for p in "${PROBLEMS[@]+"${PROBLEMS[@]}"}"; do say "PROBLEM: $p"; done

# --- the steps --------------------------------------------------------------------------------
TIMEOUT=$(command -v timeout || true)
SUMMARY=()
FAILED=0

# run_step NAME SECONDS ARGS…: runs `webgpu-train ARGS…` and records it in OUTDIR/NAME.json
run_step() {
  local name=$1 limit=$2
  shift 2
  local started rc seconds result ok timed_out=false
  say "[$name] webgpu-train $*"
  echo "----- $name: webgpu-train $* -----" >>"$LOG"
  started=$(date +%s%N)
  if [ -n "$TIMEOUT" ]; then
    "$TIMEOUT" --kill-after=10 "$limit" "$NODE" "$CLI" "$@" >"$WORK/step.out" 2>"$WORK/step.err"
  else
    "$NODE" "$CLI" "$@" >"$WORK/step.out" 2>"$WORK/step.err"
  fi
  rc=$?
  seconds=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  cat "$WORK/step.err" >>"$LOG"
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && timed_out=true
  if "$NODE" -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$WORK/step.out" 2>/dev/null; then
    result=$(cat "$WORK/step.out")
  else
    result=null
    cat "$WORK/step.out" >>"$LOG"
  fi
  ok=$([ "$rc" -eq 0 ] && [ "$result" != null ] && echo true || echo false)
  write_json "$name.json" "{\"step\": $(json_string "$name"), \"ok\": $ok, \"exitCode\": $rc, \
\"timedOut\": $timed_out, \"seconds\": $seconds, \"quick\": $QUICK, \
\"command\": $(json_string "webgpu-train $*"), \"stderr\": $(json_string "$(tail -n 40 "$WORK/step.err")"), \
\"result\": $result}"
  SUMMARY+=("{\"step\": $(json_string "$name"), \"ok\": $ok, \"exitCode\": $rc, \"seconds\": $seconds}")
  if [ "$ok" = true ]; then
    say "[$name] ok in ${seconds} s"
    show "$name" "$WORK/step.out"
  else
    FAILED=$((FAILED + 1))
    say "[$name] FAILED (exit $rc$([ "$timed_out" = true ] && echo ", over its ${limit} s")): $(tail -n 1 "$WORK/step.err")"
  fi
}

# A line or two of each step's result for people; the JSON holds everything.
show() {
  "$NODE" - "$1" "$2" <<'EOF' 2>>"$LOG" | tee -a "$LOG"
const [name, file] = process.argv.slice(2);
const r = JSON.parse(require('fs').readFileSync(file, 'utf8'));
const e = (x) => (x === null || x === undefined ? '—' : Number(x).toExponential(2));
if (name === 'adapter') console.log(`  ${r.description}`);
if (name === 'fidelity') {
  const worst = (key) => Math.max(...r.cases.map((c) => (c[key] ? c[key].worstRatio : Infinity)));
  console.log(`  ${r.cases.filter((c) => c.ok).length} of ${r.cases.length} runs within tolerance of PyTorch (worst at ${worst('losses').toFixed(2)} of the bound for losses, ${worst('params').toFixed(2)} for params); ${r.repeats.filter((x) => x.identical).length} of ${r.repeats.length} repeats bit for bit`);
}
if (name === 'tuning') {
  const t = r.tuning;
  const errors = Object.entries(t.cost).map(([s, c]) => `${s} ± ${(100 * c.error).toFixed(0)} %`).join(', ');
  const shape = (w) => w.kind === 'workgroup'
    ? `workgroup tiles ${w.group.rows} × ${w.group.units} (${w.workgroupSize} invocations of ${w.tile.rows} × ${w.tile.units}, slabs of ${w.slab})`
    : `register tiles ${w.tile.rows} × ${w.tile.units} (workgroups of ${w.workgroupSize})`;
  console.log(`  fused workgroup ${t.fusedWorkgroupSize}; layered ${t.layeredWorkgroupSize} × up to ${t.layeredMaxBlocks} blocks, reduce ${t.reduceWorkgroupSize}; wide ${shape(t.wide)}; cost model fitted, prediction error ${errors} (${(r.elapsedMs / 1000).toFixed(1)} s)`);
  for (const w of r.wideShapes ?? []) console.log(`  wide tried: ${shape(w.shape)} ${(w.ns / 1e6).toFixed(3)} ms a step`);
}
if (name.startsWith('bench')) {
  for (const s of r.sizes)
    for (const g of s.webgpu) console.log(`  N=${s.N}: webgpu ${g.schedule}/${g.workgroupSize} ${e(g.msPerStep)} ms/step (GPU ${e(g.gpuMs === null ? null : g.gpuMs / g.stepsRun)}), ${g.dispatchCount} dispatches, cpu ${e(s.cpu.msPerStep)} ms/step, ${g.speedup.toFixed(2)}×`);
  for (const w of r.workloads)
    for (const g of w.webgpu) console.log(`  ${w.name} ${w.steps} steps (${g.schedule}): webgpu ${g.trainMs.median.toFixed(1)} ms in ${g.dispatchCount} dispatches, cpu reference ${w.cpu.trainMs.median.toFixed(1)} ms, losses ${g.lossCheck.ok ? 'agree' : 'MISMATCH'}`);
}
EOF
}

if [ "$QUICK" = true ]; then
  # SwiftShader-sized: four runs of the check (the tutorial, an Adam MLP, a softmax and a
  # regression) on each of the three schedules and repeated, two small sizes, a few steps and
  # epochs, one repeat
  CHECK_LIMIT=240
  CHECK_ARGS=(--quick --cases "tutorial_rs0 init [0.1,-0.2,0.05],adam_l2,multiclass_no_hidden_momentum,regression_linear_sgd")
  BENCH_SETS=("small:--sizes 100,1000 --steps 100 --repeats 1 --budget-ms 300")
  MLP_ARGS="--epochs 2 --repeats 1"
else
  # the CPU loop runs the same steps at every size: fewer at 10⁶ and 10⁷, where one step takes it 0.05–0.5 s
  CHECK_LIMIT=300
  CHECK_ARGS=()
  BENCH_SETS=(
    "small:--sizes 100,10000 --steps 1000 --repeats 5 --budget-ms 2000"
    "1e6:--sizes 1000000 --steps 200 --repeats 3 --budget-ms 2000"
    "1e7:--sizes 10000000 --steps 20 --repeats 3 --budget-ms 2000"
  )
  MLP_ARGS="--repeats 3"
fi

run_step adapter 60 adapter --json
run_step fidelity "$CHECK_LIMIT" check --json --fixtures "$WORK/fixtures" ${CHECK_ARGS[@]+"${CHECK_ARGS[@]}"}
run_step tuning 120 tune --json
for schedule in auto $SCHEDULES; do
  for set in "${BENCH_SETS[@]}"; do
    # shellcheck disable=SC2086 # the sets are lists of flags
    run_step "bench-tutorial-$schedule-${set%%:*}" 240 bench --json --schedule "$schedule" ${set#*:}
  done
done
for schedule in auto $SCHEDULES; do
  # shellcheck disable=SC2086
  run_step "bench-mlp-$schedule" 120 bench --json --schedule "$schedule" --sizes none --playground $MLP_ARGS
done
if [ "$QUICK" = false ]; then
  # the benchmark targets in one run: the workloads beside the CPU reference, and the tutorial's sizes
  run_step bench-targets 300 bench --json --mlp --sizes 100,1000000,10000000 --steps 200 --repeats 1 --budget-ms 2000
  # the wide workloads on each schedule and the other engines the kit carries (jax-js; not TensorFlow.js or PyTorch),
  # the wide schedule as tuned and with each kind of tile forced (register tiles, workgroup tiles)
  run_step bench-wide 600 bench --json --wide --wide-tiles tuned,registers,workgroup --repeats 1 --budget-ms 4000
fi

steps_json=$(IFS=,; echo "${SUMMARY[*]}")
passed=$([ "$FAILED" -eq 0 ] && [ ${#PROBLEMS[@]} -eq 0 ] && echo true || echo false)
write_json summary.json "{\"passed\": $passed, \"quick\": $QUICK, \"schedules\": $(json_string "auto $SCHEDULES"), \
\"seconds\": $(($(date +%s) - STARTED)), \"failedSteps\": $FAILED, \"steps\": [$steps_json]}"
say "$([ "$passed" = true ] && echo passed || echo FAILED): $((${#SUMMARY[@]} - FAILED)) of ${#SUMMARY[@]} steps in $(($(date +%s) - STARTED)) s; results in $OUT"
[ "$passed" = true ]
