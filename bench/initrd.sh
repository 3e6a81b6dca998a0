#!/usr/bin/env bash
# Side-by-side timing of initrd (cpio newc) writers on a generated payload.
#
#   bench/initrd.sh [small|large|huge] [runs]
#
# Generates target/bench/<profile>/ with bench/make-tree.sh (once), then times:
#   bsdcpio      find . -depth -print | tac | bsdcpio -o --format newc   (exactly what bunny runs)
#   gnu-cpio     find . -depth | cpio -o -H newc
#   tar          tar -cf out .                                           (GNU tar, the speed yardstick)
#   newc         our NewcWriter in-process (NewcWriterBenchmark: tree walk + write, timed after
#                untimed JIT warm-up writes of the same tree in the same JVM; JVM startup not counted)
#   newc-cold    the same, one fresh JVM per run, startup included (what a one-shot CLI would see)
#   bunny:initrd the Maven goal, as a user runs it (JVM and Maven start included)
#   mvn-floor    `mvn bunny:help` the same way: Maven start and plugin resolution with no work, the
#                part of bunny:initrd's time that no writer can win back
#
# Method: page cache warm (one untimed warm-up round); then `runs` rounds, each running every tool
# once, interleaved, so load from other processes spreads over all tools instead of hitting one;
# before every run, untimed, the tool's previous archive is deleted and `sync` flushes dirty pages.
# Reported: per-tool medians, and best runs (the better guide on a busy machine). Archives go to
# target/bench/out/, outside the tree. For the huge profile it also runs our writer with -Xmx64m
# under /usr/bin/time -v (peak RSS).
#
# Environment: BENCH_JAVA_OPTS (extra JVM options), BENCH_CP (skip Maven, use this classpath).
set -euo pipefail

profile=${1:-small}
case "$profile" in
  small) runs=${2:-5} jit_warmups=3 ;;
  large) runs=${2:-5} jit_warmups=2 ;;
  huge) runs=${2:-3} jit_warmups=1 ;;
  *) echo "usage: $0 [small|large|huge] [runs]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
module="$root/bunny-maven-plugin"
work="$root/target/bench"
tree="$work/$profile"
out="$work/out"
mkdir -p "$work" "$out"

"$root/bench/make-tree.sh" "$tree" "$profile"

# ------------------------------------------------------------------ classes and classpath

# The module's target/ is shared with whoever else builds it (a concurrent `mvn clean` would pull
# classes away mid-benchmark), so the classes the benchmark needs are snapshotted into
# $work/classes: from the module's target/classes and target/test-classes after a test-compile or,
# if the module does not compile right now, compiled with javac from the fs and cpio sources.
classpath() {
  if [[ -n "${BENCH_CP:-}" ]]; then
    echo "$BENCH_CP"
    return
  fi
  local cpfile="$work/classpath.txt"
  if [[ ! -s "$cpfile" || "$module/pom.xml" -nt "$cpfile" || "$root/pom.xml" -nt "$cpfile" ]]; then
    (cd "$root" && {
      mvn -q -o -pl bunny-maven-plugin dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cpfile" ||
        mvn -q -pl bunny-maven-plugin dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cpfile"
    }) >&2
  fi
  local deps
  deps=$(cat "$cpfile")
  local snap="$work/classes"
  local sources=("$module/src/main/java/dev/bunny/fs" "$module/src/main/java/dev/bunny/cpio"
    "$module/src/test/java/dev/bunny/cpio/NewcWriterBenchmark.java")
  if [[ -f "$snap/dev/bunny/cpio/NewcWriterBenchmark.class" &&
    -z "$(find "${sources[@]}" -newer "$snap/dev/bunny/cpio/NewcWriterBenchmark.class" | head -1)" ]]; then
    echo "$snap:$deps"
    return
  fi
  rm -rf "$snap"
  mkdir -p "$snap/dev/bunny/cpio"
  echo "compiling bunny-maven-plugin (test-compile)..." >&2
  if (cd "$root" && { mvn -q -o -pl bunny-maven-plugin test-compile || mvn -q -pl bunny-maven-plugin test-compile; }) >&2 &&
    cp -r "$module/target/classes/dev/bunny/fs" "$module/target/classes/dev/bunny/cpio" "$snap/dev/bunny/" &&
    cp "$module/target/test-classes/dev/bunny/cpio/NewcWriterBenchmark.class" "$snap/dev/bunny/cpio/"; then
    echo "$snap:$deps"
    return
  fi
  echo "module build failed; compiling only dev.bunny.fs, dev.bunny.cpio and the benchmark with javac" >&2
  rm -rf "$snap"
  mkdir -p "$snap"
  javac --release 17 -encoding UTF-8 -d "$snap" -cp "$deps" \
    "$module"/src/main/java/dev/bunny/fs/*.java "$module"/src/main/java/dev/bunny/cpio/*.java \
    "$module/src/test/java/dev/bunny/cpio/NewcWriterBenchmark.java" >&2
  echo "$snap:$deps"
}

cp=$(classpath)
# shellcheck disable=SC2086
java_bench() { java ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.bunny.cpio.NewcWriterBenchmark "$@"; }

# ------------------------------------------------------------------ the contenders

run_bsdcpio() { (cd "$tree" && find . -depth -print | tac | bsdcpio -o --format newc >"$out/bsdcpio.cpio" 2>/dev/null); }
run_gnu_cpio() { (cd "$tree" && find . -depth | cpio -o -H newc >"$out/gnu.cpio" 2>/dev/null); }
run_tar() { (cd "$tree" && tar -cf "$out/gnu.tar" .); }
run_newc_cold() { java_bench "$tree" 1 0 "$out/newc-cold.cpio" >/dev/null; }

# bunny:initrd as a user runs it: a fresh Maven (the wrapper's, offline) with JVM and Maven start
# included, the goal invoked without a project. The plugin is installed into the local repository
# once, before timing.
PLUGIN="dev.bunny:bunny-maven-plugin:0.1.0-SNAPSHOT"
if [[ "${BENCH_SKIP_INSTALL:-}" != yes ]]; then
  (cd "$root" && ./mvnw -q -B -o -pl bunny-maven-plugin -am install -DskipTests -Dinvoker.skip=true) >&2
fi
run_bunny_initrd() {
  (cd "$out" && "$root/mvnw" -q -B -o "$PLUGIN:initrd" -Dbunny.rootfs.includes="$tree/:/" \
    -Dbunny.initrdFile="$out/bunny-initrd.cpio" -Dbunny.outputTimestamp=0) >/dev/null
}
run_mvn_floor() { (cd "$out" && "$root/mvnw" -q -B -o "$PLUGIN:help") >/dev/null; }

tools=()
if have bsdcpio; then tools+=(bsdcpio); else echo "bsdcpio not installed (package libarchive-tools)" >&2; fi
if have cpio; then tools+=(gnu-cpio); else echo "GNU cpio not installed (package cpio)" >&2; fi
tools+=(tar newc newc-cold bunny-initrd mvn-floor)

declare -A archive=(
  [bsdcpio]="$out/bsdcpio.cpio" [gnu-cpio]="$out/gnu.cpio" [tar]="$out/gnu.tar"
  [newc]="$out/newc.cpio" [newc-cold]="$out/newc-cold.cpio" [bunny-initrd]="$out/bunny-initrd.cpio"
  [mvn-floor]="$out/none"
)
declare -A label=(
  [bsdcpio]="bsdcpio (bunny's command)" [gnu-cpio]="GNU cpio -H newc" [tar]="GNU tar -cf"
  [newc]="NewcWriter in-process" [newc-cold]="NewcWriter, fresh JVM" [bunny-initrd]="mvn bunny:initrd"
  [mvn-floor]="mvn bunny:help (no work)"
)


# Untimed, before every run: delete the tool's previous archive and flush dirty pages, so no run
# pays for the writeback or the freeing of an earlier gigabyte (that alone swings timings by 3x).
settle() {
  rm -f -- "$1"
  sync
}

# measure <tool>: one run, prints its seconds.
measure() {
  local tool=$1 t0 t1
  settle "${archive[$tool]}"
  case $tool in
    newc)
      # Timed inside the JVM (it settles before each of its runs too); startup and JIT warm-up excluded.
      java_bench "$tree" 1 "$jit_warmups" "${archive[newc]}" | sed -nE 's/^RESULT median_s=([0-9.]+).*/\1/p'
      return
      ;;
  esac
  t0=$(now)
  case $tool in
    bsdcpio) run_bsdcpio ;;
    gnu-cpio) run_gnu_cpio ;;
    tar) run_tar ;;
    newc-cold) run_newc_cold ;;
    bunny-initrd) run_bunny_initrd ;;
    mvn-floor) run_mvn_floor ;;
  esac
  t1=$(now)
  elapsed "$t0" "$t1"
}


# ------------------------------------------------------------------ measure

echo "profile $profile: $(tree_summary "$tree"); warm-up round + $runs interleaved rounds" >&2

for tool in "${tools[@]}"; do
  measure "$tool" >/dev/null
done
declare -A times
for ((round = 1; round <= runs; round++)); do
  line="  round $round:"
  for tool in "${tools[@]}"; do
    t=$(measure "$tool")
    times[$tool]+="$t "
    line+=" $tool $t"
  done
  echo "$line" >&2
done

# ------------------------------------------------------------------ table

declare -A med best
for tool in "${tools[@]}"; do
  med[$tool]=$(tr ' ' '\n' <<<"${times[$tool]}" | grep . | median)
  best[$tool]=$(tr ' ' '\n' <<<"${times[$tool]}" | grep . | sort -g | head -1)
done


echo
printf '%-26s %9s %11s %8s %8s %11s\n' "tool ($profile)" "median s" "vs bsdcpio" "vs tar" "best s" "archive MB"
printf '%-26s %9s %11s %8s %8s %11s\n' "--------------------------" "--------" "----------" "------" "------" "----------"
for tool in "${tools[@]}"; do
  printf '%-26s %9.3f %11s %8s %8.3f %11s\n' "${label[$tool]}" "${med[$tool]}" \
    "$(ratio "${med[$tool]}" "${med[bsdcpio]:-}")" "$(ratio "${med[$tool]}" "${med[tar]}")" "${best[$tool]}" \
    "$(size_of "${archive[$tool]}")"
done

# The issue's target counts Maven and JVM start: show how much of it that start alone takes.
target_s=$(awk -v b="${med[bsdcpio]:-0}" 'BEGIN { printf "%.3f", 0.6 * b }')
if [[ -n "${med[bsdcpio]:-}" ]]; then
  echo
  echo "target: mvn bunny:initrd <= 0.6x bsdcpio = ${target_s} s; measured $(ratio "${med[bunny-initrd]}" "${med[bsdcpio]}")" \
    "($(awk -v m="${med[bunny-initrd]}" -v t="$target_s" 'BEGIN { print (m <= t ? "met" : "MISSED") }'));" \
    "Maven start with no work already takes ${med[mvn-floor]} s ($(ratio "${med[mvn-floor]}" "${med[bsdcpio]}") of bsdcpio)"
fi

# ------------------------------------------------------------------ memory (huge profile)

if [[ $profile == huge ]]; then
  echo
  echo "memory: NewcWriterBenchmark with -Xmx64m (1 run, no warm-up):"
  settle "$out/newc-64m.cpio"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v java -Xmx64m -cp "$cp" dev.bunny.cpio.NewcWriterBenchmark "$tree" 1 0 "$out/newc-64m.cpio" \
      2>"$out/time-v.txt" | grep -v '^RESULT' | sed 's/^/  /'
    grep -E 'Maximum resident set size|Elapsed \(wall clock\)|Exit status' "$out/time-v.txt" | sed 's/^\s*/  /'
  else
    java -Xmx64m -cp "$cp" dev.bunny.cpio.NewcWriterBenchmark "$tree" 1 0 "$out/newc-64m.cpio" | grep -v '^RESULT'
  fi
  if cmp -s "$out/newc-64m.cpio" "$out/newc.cpio"; then
    echo "  -Xmx64m archive identical to the default-heap one"
  else
    echo "  WARNING: -Xmx64m archive differs from the default-heap one"
  fi
fi
