#!/usr/bin/env bash
# Builds the runtime image with podman and checks it: the size, no compiler, browser or Slurm in
# it, every shared library of the executable found, a user without privileges, and the
# executable run inside it (`--version`, then an ingest and a search of samples/ as uid 10001).
# Too slow for the test suite (a whole compile in a fresh Debian): run by hand, or in CI's
# image step.
#   deploy/kubernetes/build-image.sh [TAG]       (default protokoll:VERSION-COMMIT)
# BASE: the Debian 12 image both stages start from (default debian:12). Where no registry can
# be reached, make one once:
#   debootstrap --variant=minbase bookworm ROOT MIRROR && tar -C ROOT -c . | podman import - localdebian:12
#   BASE=localhost/localdebian:12 deploy/kubernetes/build-image.sh
# podman here needs chroot isolation (the default OCI runtime cannot set up cgroups on this
# kind of machine), and `podman run` cannot start; so the image is mounted (read-only, as the
# pods' root is) and the checks run by chroot, as uid 10001, writing only in /work. Ends with 'N passed, N failed'.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
version=$(sed -n 's/^project(protokoll VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo local)
tag=${1:-protokoll:$version-$commit}
base=${BASE:-debian:12}
passed=0
failed=0
check() {  # check CONDITION-EXIT-CODE WHAT
  if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "ok: $2"; else failed=$((failed + 1)); echo "FAILED: $2"; fi
}

start=$(date +%s)
if ! podman build --isolation=chroot --build-arg BASE="$base" -f deploy/kubernetes/Dockerfile -t "$tag" . >"${BUILD_LOG:-/tmp/protokoll-image-build.log}" 2>&1; then
  tail -30 "${BUILD_LOG:-/tmp/protokoll-image-build.log}"
  echo "FAILED: podman build (log: ${BUILD_LOG:-/tmp/protokoll-image-build.log})"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
echo "  built $tag from $base in $(($(date +%s) - start)) s"
size=$(podman image inspect --format '{{.Size}}' "$tag")
base_size=$(podman image inspect --format '{{.Size}}' "$base" 2>/dev/null || echo 0)
echo "  image size: $((size / 1000000)) MB (base $((base_size / 1000000)) MB)"
check $([ "$size" -lt 600000000 ]; echo $?) "the image is under 600 MB ($((size / 1000000)) MB)"
user=$(podman image inspect --format '{{.Config.User}}' "$tag")
check $([ "$user" = "10001:10001" ]; echo $?) "the image runs as uid 10001, not root (User=$user)"

# The image's own root, mounted read-only as the pods' readOnlyRootFilesystem has it; /work (the
# pods' emptyDir) is a folder of this script's, bind-mounted, and samples/ read-only inside it;
# /dev and /proc as a container runtime gives them.
dir=$(podman image mount "$tag")
scratch=$(mktemp -d)
cleanup() {
  umount "$dir/work/samples" "$dir/work" "$dir/dev" "$dir/proc" 2>/dev/null
  podman image unmount "$tag" >/dev/null 2>&1
  rm -rf --one-file-system "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/samples"
chown -R 10001:10001 "$scratch"
mount --bind "$scratch" "$dir/work" && mount --bind -o ro "$root/samples" "$dir/work/samples" &&
  mount --bind /dev "$dir/dev" && mount -t proc proc "$dir/proc"
check $? "the image's root mounted read-only, /work writable, samples/ read-only in /work/samples"
touch "$dir/usr/local/bin/probe" 2>/dev/null
check $([ ! -e "$dir/usr/local/bin/probe" ]; echo $?) "the image's own files cannot be written (read-only root)"
heavy=$(cd "$dir" && ls -d usr/bin/cc usr/bin/g++* usr/bin/c++ usr/bin/clang* usr/bin/cmake usr/bin/chromium \
  usr/sbin/slurmd usr/sbin/slurmctld usr/sbin/munged usr/include/tesseract usr/include/boost 2>/dev/null | tr '\n' ' ')
check $([ -z "$heavy" ]; echo $?) "no compiler, headers, browser, Slurm or munge in the image${heavy:+ (found: $heavy)}"
missing=$(chroot "$dir" ldd /usr/local/bin/protokoll | grep "not found")
check $([ -z "$missing" ]; echo $?) "every shared library of the executable is in the image${missing:+: $missing}"
check $([ -e "$dir/usr/share/tesseract-ocr/5/tessdata/swe.traineddata" ] && [ -e "$dir/usr/share/hunspell/sv_SE.dic" ] &&
  [ -e "$dir/usr/share/tesseract-ocr/5/tessdata/pdf.ttf" ]; echo $?) "the Swedish OCR model, pdf.ttf and the Swedish dictionary are there"
check $([ -x "$dir/usr/local/lib/protokoll/ingest.sh" ] && [ -x "$dir/usr/local/lib/protokoll/merge.sh" ] &&
  [ -x "$dir/usr/local/lib/protokoll/plan.sh" ]; echo $?) "the pod scripts are in /usr/local/lib/protokoll"

as_user() { chroot --userspec=10001:10001 "$dir" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/work TMPDIR=/work \
  XDG_CACHE_HOME=/work/cache LANG=C.UTF-8 "$@"; }
echo '$ protokoll --version'
out=$(as_user /usr/local/bin/protokoll --version 2>&1)
echo "$out"
check $(echo "$out" | grep -q "^protokoll $version"; echo $?) "protokoll --version runs inside the image as uid 10001"
echo '$ protokoll ingest --db /work/demo.sqlite /work/samples'
as_user /usr/local/bin/protokoll ingest --db /work/demo.sqlite /work/samples 2>&1 | tail -3
rc=${PIPESTATUS[0]}
check $([ "$rc" -eq 0 ]; echo $?) "ingest of samples/ inside the image as uid 10001 (exit $rc)"
echo '$ protokoll search --db /work/demo.sqlite skolskjuts'
out=$(as_user /usr/local/bin/protokoll search --db /work/demo.sqlite skolskjuts 2>&1)
echo "$out" | head -5
check $(echo "$out" | grep -qi "skolskjuts"; echo $?) "search finds 'skolskjuts' inside the image"
echo '$ protokoll plan --out /work/m.tsv --shards 2 /work/samples && ingest --manifest … --shard 1/2 && merge'
out=$(as_user sh -c 'cd /work && protokoll plan --out m.tsv --shards 2 /work/samples && for i in 0 1; do protokoll ingest -q --manifest m.tsv --shard $i/2 --db s$i.sqlite || exit 1; done && protokoll merge --db merged.sqlite s0.sqlite s1.sqlite && protokoll export --db merged.sqlite 2>/dev/null | wc -l && protokoll export --db demo.sqlite 2>/dev/null | wc -l' 2>&1)
echo "$out" | tail -4
counts=$(echo "$out" | tail -2 | tr '\n' ' ')
check $(set -- $counts; [ "${1:-0}" -gt 0 ] && [ "${1:-0}" = "${2:-}" ]; echo $?) "plan, two shards and merge inside the image: as many items as one ingest ($counts)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
