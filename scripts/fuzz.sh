#!/usr/bin/env bash
# scripts/fuzz.sh [TARGET|all] [SECONDS]: builds the libFuzzer executable (Fuzz/, in .build-fuzz)
# when needed and runs TARGET (default all) for SECONDS each (default 60), one process at a time.
# The targets are the folders of Fuzz/Corpora; each starts from its committed seeds, and what it
# learns stays in .build-fuzz/corpus/TARGET for the next run. A crash or a failed property stops
# that target, prints the input in base64 and leaves it in .build-fuzz/artifacts/TARGET/; the
# script then exits 1 after the other targets ran. docs/FUZZING.md says how to keep such an input
# as a regression test.
#
#   FUZZ_BUILD_ONLY=1   build, run nothing          FUZZ_ARGS="..."   more libFuzzer flags
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd -P)"
target="${1:-all}"
seconds="${2:-60}"
scratch="$root/.build-fuzz"
corpora="$root/Fuzz/Corpora"

if [ "$target" = all ]; then
  targets=$(ls "$corpora")
elif [ -d "$corpora/$target" ]; then
  targets="$target"
else
  echo "fuzz: no target '$target'; targets: $(ls "$corpora" | tr '\n' ' ')" >&2
  exit 2
fi

# Instrumented for coverage (fuzzer) and memory errors (address); libFuzzer brings main, hence
# -parse-as-library. Debug: the build is what CI pays for, and assertions stay on.
swift build --package-path "$root/Fuzz" --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary="$(swift build --package-path "$root/Fuzz" --scratch-path "$scratch" --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)/certbridge-fuzz"
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

# Swift's backtracer would wait on a crashing process forever; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
failed=()
for name in $targets; do
  work="$scratch/corpus/$name"
  artifacts="$scratch/artifacts/$name"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts"
  echo "fuzz: $name for ${seconds}s"
  # The bundled profile set this target keeps for the whole run is reachable only through Swift
  # enum payloads whose spare bits tag the pointers, which LeakSanitizer cannot follow: it reports
  # the set as leaked at exit. Leak checks stay on for every other target.
  extra="" asan="${ASAN_OPTIONS:-}"
  [ "$name" = certifier-credential ] && extra="-detect_leaks=0" asan="detect_leaks=0${asan:+:$asan}"
  # shellcheck disable=SC2086
  if ASAN_OPTIONS="$asan" CERTBRIDGE_FUZZ_TARGET="$name" "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 \
      -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/" $extra ${FUZZ_ARGS:-} "$work" "$corpora/$name" \
      >"$scratch/$name.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$scratch/$name.log" | tail -2 || true
  else
    failed+=("$name")
    tail -60 "$scratch/$name.log"
    for file in $(ls -t "$artifacts" | head -3); do
      echo "fuzz: $name: input $file (base64): $(base64 -w0 "$artifacts/$file")"
    done
    echo "fuzz: $name FAILED; keep the input as Fuzz/Regressions/$name/<what-it-is> once fixed (docs/FUZZING.md)"
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all passed: $(echo $targets | wc -w) target(s), ${seconds}s each"
