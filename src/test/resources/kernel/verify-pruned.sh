#!/bin/bash
# verify-pruned.sh - builds every commit that culprit prunes in the kernel test history (the odd positions of
# prepare-tree.sh: 15 comment-only edits and the documentation commit) and its parent, and compares the loaded
# sections of vmlinux (objcopy -O binary). Uses the tree measure.sh prepared; run it after measure.sh.
set -uo pipefail
CACHE=${CULPRIT_KERNEL_CACHE:-/var/cache/culprit-kernel}
TREE=$CACHE/work/gitbisect-tree
HERE=$(cd "$(dirname "$0")" && pwd)
INITRAMFS=$CACHE/work/culprit/kernel/initramfs/initramfs.cpio
cd "$TREE"
git bisect reset -q >/dev/null 2>&1 || true
sig() {
  git checkout -q --force --detach "$1"
  bash "$HERE/git-bisect-step.sh" "$CACHE" 0 "$INITRAMFS" "$HERE/kernel.config" > /dev/null 2>&1
  objcopy -O binary vmlinux /tmp/vmlinux.bin && sha256sum /tmp/vmlinux.bin | cut -c1-16
}
same=0; diff=0
for i in $(seq 1 2 31); do
  c=culprit-c$i
  p=$(git rev-parse "$c^")
  a=$(sig "$p"); b=$(sig "$c")
  subj=$(git log -1 --format=%s "$c")
  if [ "$a" = "$b" ]; then same=$((same+1)); r=same; else diff=$((diff+1)); r=DIFFERENT; fi
  echo "$c ($subj): parent $a commit $b $r"
done
echo "same $same different $diff"
