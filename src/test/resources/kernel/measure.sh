#!/bin/bash
# measure.sh [RUNS [GOOD [noverify]]] - wall time of KernelBisectIT's bisection against `git bisect run` driving
# git-bisect-step.sh over the same history with the same runs per commit. Both start from a tree already
# built at the tip with a hot ccache (the state a developer's tree is in); neither start is timed.
# Run from the repository root after .ci/kernel-test.sh has made the cache. Prints both times and answers.
set -euo pipefail
RUNS=${1:-8}
GOOD=${2:-culprit-base}   # culprit-c18: a range without the unrelated crash, where git bisect is right too
export CULPRIT_KERNEL_GOOD=$GOOD
# noverify: culprit names its answer unverified, as git bisect does (like for like); by default it verifies.
[ "${3:-}" = noverify ] && export CULPRIT_KERNEL_NO_VERIFY=1
CACHE=${CULPRIT_KERNEL_CACHE:-/var/cache/culprit-kernel}
HERE=$(cd "$(dirname "$0")" && pwd)
CONFIG=$HERE/kernel.config
INITRAMFS=$CACHE/work/culprit/kernel/initramfs/initramfs.cpio
[ -f "$INITRAMFS" ] || { echo "run KernelBisectIT once first (it makes $INITRAMFS)" >&2; exit 2; }

warm() {  # warm TREE: check out the tip and build it, untimed
  git -C "$1" checkout -q --force --detach culprit-tip
  (cd "$1" && bash "$HERE/git-bisect-step.sh" "$CACHE" 0 "$INITRAMFS" "$CONFIG" > /dev/null) || true
}

# Both sides on the same accelerator (TCG: this machine's /dev/kvm opens but hangs).
export CULPRIT_KERNEL_ACCEL=${ACCEL:-tcg} ACCEL=${ACCEL:-tcg}

# 1. culprit, in the worktree it keeps under its work directory (the first one: no "-2" suffix)
CULPRIT_TREE=$(git -C "$CACHE/linux" worktree list --porcelain | sed -n 's/^worktree //p' \
  | grep -E "^$CACHE/work/culprit/worktrees/[^/]+-[0-9a-f]+$" | head -1)
[ -n "$CULPRIT_TREE" ] || { echo "no culprit worktree under $CACHE/work/culprit/worktrees: run KernelBisectIT once first" >&2; exit 2; }
warm "$CULPRIT_TREE"
t0=$(date +%s)
mvn -B -q -Dbuild.dir=target-kernel test -Dtest=KernelBisectIT -Dsurefire.failIfNoSpecifiedTests=false \
  | tee "$CACHE/work/culprit-measure.log" | grep -E "KernelBisectIT:|is the first bad commit|^revisions tested" \
  || echo "KernelBisectIT failed: see $CACHE/work/culprit-measure.log"
t1=$(date +%s)

# 2. git bisect run
TREE=$CACHE/work/gitbisect-tree
[ -e "$TREE/.git" ] || git -C "$CACHE/linux" worktree add -q --detach --force "$TREE" culprit-tip
git -C "$TREE" bisect reset -q > /dev/null 2>&1 || true
warm "$TREE"
t2=$(date +%s)
(cd "$TREE" && git bisect start culprit-tip "$GOOD" > /dev/null \
  && git bisect run bash "$HERE/git-bisect-step.sh" "$CACHE" "$RUNS" "$INITRAMFS" "$CONFIG") \
  > "$CACHE/work/gitbisect-measure.log" 2>&1 || true
t3=$(date +%s)
grep -E "^commit |is the first bad commit" "$CACHE/work/gitbisect-measure.log" || true
git -C "$TREE" bisect reset -q > /dev/null 2>&1 || true
echo "answer: $(cat "$CACHE/ANSWER")"
echo "range $GOOD..culprit-tip: culprit (mvn + bisection): $((t1 - t0)) s; git bisect run: $((t3 - t2)) s; runs per commit: $RUNS"
