#!/usr/bin/env bash
# A long fuzzing campaign of the decoders: every fuzz target (the *FuzzTests classes of engine, socketio and cluster,
# one @FuzzTest each) fuzzes for DURATION, one after the other (Jazzer fuzzes one target per JVM). `mvn verify` runs
# the same targets for fuzz.maxDuration (10s) each.
#   ./fuzz.sh 30m                  # 30 minutes per target: 6 targets, about 3 hours
#   ./fuzz.sh 1h cluster           # only the cluster module's targets
#   ./fuzz.sh 10m engine -o        # arguments after the modules go to Maven
# Each target starts from its seeds (src/test/resources/<package>/<Class>Inputs/) and from the corpus earlier runs
# grew in FUZZ_WORK_DIR (default target/fuzz-long). An input that breaks the property is written there as
# crash-<sha1> and fails the run: fix the decoder and turn the input into an ordinary regression unit test.
set -euo pipefail
cd "$(dirname "$0")"

duration=${1:?usage: ./fuzz.sh DURATION [engine] [socketio] [cluster] [maven arguments]}
shift
modules=()
while [ $# -gt 0 ] && [[ "$1" =~ ^(engine|socketio|cluster)$ ]]; do
  modules+=("$1")
  shift
done
[ ${#modules[@]} -gt 0 ] || modules=(engine socketio cluster)

tests=()
for module in "${modules[@]}"; do
  tests+=("io/roomcast/$module/**/*FuzzTests")
done
work=${FUZZ_WORK_DIR:-$PWD/target/fuzz-long}
mkdir -p "$work"

# -am builds what the modules need; -Dtest keeps the ordinary tests out (surefire's default execution excludes
# @FuzzTest, the execution "fuzz" runs the selected targets).
exec mvn -B -pl "$(IFS=,; echo "${modules[*]}")" -am test -Dinvoker.skip=true \
  -Dtest="$(IFS=,; echo "${tests[*]}")" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.maxDuration="$duration" -Dfuzz.workDir="$work" "$@"
