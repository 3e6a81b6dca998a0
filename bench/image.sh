#!/usr/bin/env bash
# Side-by-side timing of whole image builds on a generated payload (the payload as a raw rootfs).
#
#   bench/image.sh [small|large|huge] [rounds]
#
# Generates target/bench/<profile>/ with bench/make-tree.sh (once), then times:
#   ours         ImageBuilder in-process, gzip layers (ImageBuildBenchmark: tree walk, layers compressed
#                and digested, config, manifest, OCI layout, OCI archive, digest file; timed after
#                untimed JIT warm-up builds in the same JVM, JVM start not counted)
#   ours-zstd    the same with zstd layers
#   mvn          `mvn package -Dbunny.force=true` of a generated one-plugin project whose raw rootfs is
#                the payload (Maven and JVM start, fingerprinting and the jar lifecycle included)
#   mvn-noop     the same `mvn package` again without -Dbunny.force: nothing changed, the image is
#                up to date, nothing is written
#   buildah      `buildah bud` of `FROM scratch` + `COPY . /`, then `buildah push oci-archive:` (vfs
#                storage under target/bench, no daemon)
#   pigz         tar -cf - . | pigz -6 -p 2 > out   (the issue's peer as written: no digest. Ours computes
#                two; adding `| tee | sha256sum` here would slow the peer unfairly, since coreutils'
#                sha256sum runs at ~180 MB/s on this class of machine where the JVM's reaches 1.3 GB/s)
#   gzip         tar -cf - . | gzip -6 > out
#   zstd         tar -cf - . | zstd -3 -T0 > out
#
# Method (as bench/initrd.sh): page cache warm (one untimed warm-up round of the cheap tools); then `rounds` rounds,
# each running every tool once, interleaved; before every run, untimed, the tool's previous output
# is deleted and `sync` flushes dirty pages. Reported: per-tool medians and best runs, the median
# CPU seconds (user + system, all threads and processes), and ratios against the peers measured in
# the same run. Then peak RSS of ours in a fresh JVM
# (/usr/bin/time -v), with -Xmx64m for the huge profile (one 2 GiB file). Nothing here fails on a
# slow ratio; a tool that is missing or cannot run is reported and left out.
#
# Environment: BENCH_JAVA_OPTS (extra JVM options), BENCH_SKIP_INSTALL=yes (the plugin is already
# in the local repository), BENCH_ONLY="ours pigz ..." (time only these tools; the memory run always
# happens).
set -euo pipefail

profile=${1:-small}
case "$profile" in
  # A 20 MiB build is over in a fraction of a second, too soon for the JIT to finish compiling the
  # hot paths. Measured, build by build in one JVM: gzip 1.15 s, then 0.5-0.6 s up to the 8th,
  # 0.38-0.46 s from the 14th on; zstd 0.86 s, then 0.20-0.23 s up to the 10th, 0.11-0.14 s from
  # the 21st on. So the small profile warms up with 15 gzip and 25 zstd builds. A zstd build of the
  # large tree is short too: after one warm-up the compiler threads still take CPU from the next
  # build (3.9-4.1 s, then 3.1-3.3 s once they are done), so zstd gets three. Cold figures: the mvn
  # rows, and the first build of the memory run below.
  small) rounds=${2:-3} jit_warmups=15 zstd_warmups=25 ;;
  large) rounds=${2:-3} jit_warmups=1 zstd_warmups=3 ;;
  huge) rounds=${2:-1} jit_warmups=0 zstd_warmups=1 ;;
  *) echo "usage: $0 [small|large|huge] [rounds]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
module="$root/bunny-maven-plugin"
work="$root/target/bench"
tree="$work/$profile"
out="$work/image-out"
mkdir -p "$work" "$out"

"$root/bench/make-tree.sh" "$tree" "$profile"

# A stand-in kernel: the rootfs is what is measured. 64 KiB, the same bytes every time.
kernel="$work/kernel.bin"
[[ -s "$kernel" ]] || head -c 65536 /dev/zero | tr '\0' 'k' >"$kernel"


# ------------------------------------------------------------------ classes and classpath

# Snapshotted into $work/image-classes (a concurrent `mvn clean` of the module must not pull them
# away mid-benchmark): the module's classes plus the benchmark main, and the runtime dependencies.
classpath() {
  local cpfile="$work/image-classpath.txt"
  if [[ ! -s "$cpfile" || "$module/pom.xml" -nt "$cpfile" || "$root/pom.xml" -nt "$cpfile" ]]; then
    (cd "$root" && {
      ./mvnw -q -B -o -pl bunny-maven-plugin dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cpfile" ||
        ./mvnw -q -B -pl bunny-maven-plugin dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cpfile"
    }) >&2
  fi
  local snap="$work/image-classes"
  local marker="$snap/dev/bunny/build/ImageBuildBenchmark.class"
  if [[ ! -f "$marker" || -n "$(find "$module/src/main/java" "$module/src/test/java/dev/bunny/build/ImageBuildBenchmark.java" -newer "$marker" | head -1)" ]]; then
    echo "compiling bunny-maven-plugin (test-compile)..." >&2
    (cd "$root" && { ./mvnw -q -B -o -pl bunny-maven-plugin test-compile || ./mvnw -q -B -pl bunny-maven-plugin test-compile; }) >&2
    rm -rf "$snap"
    mkdir -p "$snap/dev/bunny/build"
    cp -r "$module/target/classes/." "$snap/"
    cp "$module/target/test-classes/dev/bunny/build/ImageBuildBenchmark.class" "$snap/dev/bunny/build/"
  fi
  echo "$snap:$(cat "$cpfile")"
}
cp=$(classpath)
# shellcheck disable=SC2086
java_bench() { java ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.bunny.build.ImageBuildBenchmark "$@"; }

# ------------------------------------------------------------------ the Maven project

PLUGIN_VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
if [[ "${BENCH_SKIP_INSTALL:-}" != yes ]]; then
  (cd "$root" && ./mvnw -q -B -o -pl bunny-maven-plugin -am install -DskipTests -Dinvoker.skip=true) >&2
fi
project="$work/mvn-$profile"
mkdir -p "$project"
cat >"$project/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>image-$profile</artifactId>
  <version>1</version>
  <properties>
    <project.build.outputTimestamp>2023-11-14T22:13:20Z</project.build.outputTimestamp>
  </properties>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.bunny</groupId>
        <artifactId>bunny-maven-plugin</artifactId>
        <version>$PLUGIN_VERSION</version>
        <executions><execution><goals><goal>build</goal></goals></execution></executions>
        <configuration>
          <platform><framework>linux</framework><monitor>qemu</monitor><architecture>amd64</architecture></platform>
          <kernel>$kernel</kernel>
          <rootfs><type>raw</type><includes><include>$tree/:/</include></includes></rootfs>
          <cmd><arg>/bin/app</arg></cmd>
          <image>bench/image:1</image>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF
run_mvn() { (cd "$project" && "$root/mvnw" -q -B -o package "$@") >/dev/null; }

# ------------------------------------------------------------------ buildah

buildah_ok=no
bh_store="$work/buildah"
BUILDAH=(buildah --storage-driver vfs --root "$bh_store/root" --runroot "$bh_store/runroot")
if have buildah; then
  mkdir -p "$bh_store"
  printf 'FROM scratch\nCOPY . /\n' >"$bh_store/Containerfile"
  if "${BUILDAH[@]}" bud --quiet -f "$bh_store/Containerfile" -t localhost/bench:1 "$tree" >"$bh_store/probe.log" 2>&1; then
    buildah_ok=yes
    "${BUILDAH[@]}" rmi -a -f >/dev/null 2>&1 || true
  else
    echo "buildah cannot build here (left out): $(tail -3 "$bh_store/probe.log")" >&2
  fi
else
  echo "buildah not installed (left out; package buildah)" >&2
fi
run_buildah() {
  "${BUILDAH[@]}" bud --quiet -f "$bh_store/Containerfile" -t localhost/bench:1 "$tree" >/dev/null 2>&1
  "${BUILDAH[@]}" push --quiet localhost/bench:1 "oci-archive:$out/buildah.tar" >/dev/null 2>&1
}

# ------------------------------------------------------------------ the contenders

tools=(ours ours-zstd)
tools+=(mvn mvn-noop)
[[ $buildah_ok == yes ]] && tools+=(buildah)
if have pigz; then tools+=(pigz); else echo "pigz not installed (left out; package pigz)" >&2; fi
tools+=(gzip)
if have zstd; then tools+=(zstd); else echo "zstd not installed (left out; package zstd)" >&2; fi

if [[ -n "${BENCH_ONLY:-}" ]]; then
  only=()
  for tool in "${tools[@]}"; do
    [[ " $BENCH_ONLY " == *" $tool "* ]] && only+=("$tool")
  done
  tools=("${only[@]}")
fi

declare -A output=(
  [ours]="$out/ours" [ours-zstd]="$out/ours-zstd" [mvn]="$project/target" [mvn-noop]=""
  [buildah]="$out/buildah.tar" [pigz]="$out/pigz.tar.gz" [gzip]="$out/gzip.tar.gz" [zstd]="$out/zstd.tar.zst"
)
declare -A size_file=(
  [ours]="$out/ours/image-oci.tar" [ours-zstd]="$out/ours-zstd/image-oci.tar" [mvn]="$project/target/image-$profile-1-oci.tar"
  [mvn-noop]="$project/target/image-$profile-1-oci.tar" [buildah]="$out/buildah.tar" [pigz]="$out/pigz.tar.gz"
  [gzip]="$out/gzip.tar.gz" [zstd]="$out/zstd.tar.zst"
)
declare -A label=(
  [ours]="ours, in process (gzip)" [ours-zstd]="ours, in process (zstd)" [mvn]="mvn package (gzip)"
  [mvn-noop]="mvn package, up to date" [buildah]="buildah bud + push" [pigz]="tar | pigz -6 -p 2"
  [gzip]="tar | gzip -6" [zstd]="tar | zstd -3 -T0"
)


# Untimed, before every run: delete the tool's previous output and flush dirty pages.
settle() {
  local tool=$1
  case $tool in
    buildah) "${BUILDAH[@]}" rmi -a -f >/dev/null 2>&1 || true; rm -f -- "${output[buildah]}" ;;
    mvn-noop) ;; # the point: the outputs of the forced build stay
    ours | ours-zstd) ;; # the benchmark main settles itself
    *) [[ -n "${output[$tool]}" ]] && rm -rf -- "${output[$tool]}" ;;
  esac
  sync
}

# measure <tool>: one run, prints its seconds and the CPU seconds (user + system) it used.
measure() {
  local tool=$1 times
  settle "$tool"
  case $tool in
    ours | ours-zstd)
      local comp=gzip warmups=$jit_warmups
      [[ $tool == ours-zstd ]] && comp=zstd warmups=$zstd_warmups
      java_bench "$tree" "$kernel" "${output[$tool]}" 1 "$warmups" "$comp" |
        sed -nE 's/^RESULT median_s=([0-9.]+) median_cpu_s=([0-9.]+).*/\1 \2/p'
      return
      ;;
  esac
  # bash's `time` counts the CPU of every process of the pipeline (tar and the compressor, the
  # JVM of mvn, buildah's helpers) once they have exited.
  local TIMEFORMAT='%R %U %S'
  times=$({ time run_peer "$tool" 2>/dev/null; } 2>&1)
  awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' <<<"$times"
}

run_peer() {
  case $1 in
    mvn) run_mvn -Dbunny.force=true ;;
    mvn-noop) run_mvn ;;
    buildah) run_buildah ;;
    pigz) (cd "$tree" && tar -cf - . | pigz -6 -p 2 >"${output[pigz]}") ;;
    gzip) (cd "$tree" && tar -cf - . | gzip -6 >"${output[gzip]}") ;;
    zstd) (cd "$tree" && tar -cf - . | zstd -3 -T0 -q >"${output[zstd]}") ;;
  esac
}


# ------------------------------------------------------------------ measure

echo "profile $profile: $(tree_summary "$tree"); $(nproc) cores; warm-up round + $rounds interleaved rounds" >&2

# The warm-up round warms the page cache and the disk; the fresh-JVM and fresh-process tools
# (mvn, buildah) have nothing more to warm and are left out of it, to keep the run short.
for tool in "${tools[@]}"; do
  case $tool in mvn | mvn-noop | buildah) ;; *) measure "$tool" >/dev/null ;; esac
done
declare -A times cpus
for ((round = 1; round <= rounds; round++)); do
  line="  round $round:"
  for tool in "${tools[@]}"; do
    read -r t c <<<"$(measure "$tool")"
    times[$tool]+="$t "
    cpus[$tool]+="$c "
    line+=" $tool $t (CPU $c)"
  done
  echo "$line" >&2
done

# The up-to-date run must really have skipped the build.
noop_note=""
if [[ " ${tools[*]} " != *" mvn-noop "* ]]; then
  :
elif (cd "$project" && "$root/mvnw" -B -o package 2>&1) | grep -q 'Image is up to date'; then
  noop_note="(confirmed: the log says 'Image is up to date')"
else
  noop_note="WARNING: the no-op run did not report 'Image is up to date'"
fi

# ------------------------------------------------------------------ table

declare -A med best medcpu
for tool in "${tools[@]}"; do
  med[$tool]=$(tr ' ' '\n' <<<"${times[$tool]}" | grep . | median)
  best[$tool]=$(tr ' ' '\n' <<<"${times[$tool]}" | grep . | sort -g | head -1)
  medcpu[$tool]=$(tr ' ' '\n' <<<"${cpus[$tool]}" | grep . | median)
done


echo
printf '%-30s %9s %8s %8s %9s %8s %8s %10s\n' "tool ($profile)" "median s" "best s" "CPU s" "vs pigz" "vs zstd" "vs bud" "output MB"
printf '%-30s %9s %8s %8s %9s %8s %8s %10s\n' "------------------------------" "--------" "------" "-----" "-------" "-------" "------" "---------"
for tool in "${tools[@]}"; do
  printf '%-30s %9.3f %8.3f %8.2f %9s %8s %8s %10s\n' "${label[$tool]}" "${med[$tool]}" "${best[$tool]}" "${medcpu[$tool]}" \
    "$(ratio "${med[$tool]}" "${med[pigz]:-}")" "$(ratio "${med[$tool]}" "${med[zstd]:-}")" \
    "$(ratio "${med[$tool]}" "${med[buildah]:-}")" "$(size_of "${size_file[$tool]}")"
done
echo "CPU s: median user + system seconds of the timed run, every thread and process (the in-process"
echo "rows count the whole JVM during the build); on $(nproc) cores a run cannot take less than CPU s / $(nproc)."

echo
echo "targets (medians of this run):"
target() { # <what> <ours> <peer> <limit>
  if [[ -z "${2:-}" || -z "${3:-}" ]]; then
    printf '  %-44s %s\n' "$1" "peer not measured"
    return
  fi
  awk -v w="$1" -v a="$2" -v b="$3" -v l="$4" 'BEGIN { r = a / b; printf "  %-44s %.2fx (target <= %.1fx): %s\n", w, r, l, (r <= l ? "met" : "MISSED") }'
}
target "ours vs buildah bud + push" "${med[ours]:-}" "${med[buildah]:-}" 0.3
target "ours vs tar | pigz -6 -p 2" "${med[ours]:-}" "${med[pigz]:-}" 1.0
target "ours zstd vs tar | zstd -3 -T0" "${med[ours-zstd]:-}" "${med[zstd]:-}" 1.0
if [[ -n "${med[mvn-noop]:-}" && -n "${med[mvn]:-}" ]]; then
  awk -v a="${med[mvn-noop]}" -v b="${med[mvn]}" -v n="$noop_note" \
    'BEGIN { printf "  no-op mvn package: %.2f s vs %.2f s full (%.2fx) %s\n", a, b, a / b, n }'
fi

# ------------------------------------------------------------------ memory

echo
xmx=""
[[ $profile == huge ]] && xmx="-Xmx64m"
echo "memory: ours (gzip) in a fresh JVM ${xmx:-with the default heap}, 1 build, no warm-up:"
if [[ -x /usr/bin/time ]]; then
  # shellcheck disable=SC2086
  /usr/bin/time -v java $xmx -cp "$cp" dev.bunny.build.ImageBuildBenchmark "$tree" "$kernel" "$out/ours-rss" 1 0 gzip \
    2>"$out/time-v.txt" | grep -v '^RESULT' | sed 's/^/  /'
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)|Exit status' "$out/time-v.txt" | sed 's/^\s*/  /'
else
  echo "  /usr/bin/time not installed (package time)"
fi
