#!/bin/bash
# prepare-tree.sh CACHE_DIR - the kernel git history that KernelBisectIT bisects, made once and kept.
#
# CACHE_DIR/linux is a git repository: Debian's linux-source-6.1 tarball as the commit tagged culprit-base,
# then 32 linear commits ending at the tag culprit-tip. Every identity and date is fixed, so the same tarball
# always gives the same hashes and a rerun finds everything (tree, worktree build, ccache) where it was.
#
# The history (position: change):
#   odd positions   comment-only edit of a compiled .c file (same vmlinux as the parent)
#   even positions  an unused __used helper in a compiled .c file (vmlinux changes)
#   DOC_AT=5        Documentation only
#   UNREL_AT=12     an unrelated WARN_ON in sethostname() that the reproducer hits (kernel/sys.c)
#   UNFIX_AT=18     ... and its fix: commits 12..17 crash with "WARNING in __do_sys_sethostname"
#   BUG_AT=24       the culprit: WARN_ON in vfs_mkdir() for the name "bisect-me" (fs/namei.c)
# The answer key is written to CACHE_DIR/ANSWER (the test reads it, the tool under test never does).
set -euo pipefail

CACHE=${1:?usage: prepare-tree.sh CACHE_DIR}
TARBALL=${TARBALL:-/usr/src/linux-source-6.1.tar.xz}
VERSION=v1   # bump when the history below changes: the marker tag names it
REPO=$CACHE/linux
MARK=culprit-history-$VERSION

if [ -d "$REPO/.git" ] && git -C "$REPO" rev-parse -q --verify "refs/tags/$MARK" >/dev/null; then
  echo "prepare-tree: $REPO is ready ($MARK)"
  exit 0
fi
[ -f "$TARBALL" ] || { echo "prepare-tree: $TARBALL missing: apt-get install linux-source-6.1" >&2; exit 2; }
rm -rf "$REPO"
mkdir -p "$REPO"
echo "prepare-tree: unpacking $TARBALL"
tar -xJf "$TARBALL" -C "$REPO" --strip-components=1
cd "$REPO"
# Debian's .gitignore ends with a block that ignores the whole top level ("/*"): drop it, or git adds nothing.
python3 - <<'PY'
s = open('.gitignore').read()
i = s.find('#\n# Debian packaging: ignore everything')
if i >= 0:
    open('.gitignore', 'w').write(s[:i].rstrip('\n') + '\n')
PY

export GIT_AUTHOR_NAME="Kernel Lab" GIT_AUTHOR_EMAIL=lab@example.invalid
export GIT_COMMITTER_NAME="Kernel Lab" GIT_COMMITTER_EMAIL=lab@example.invalid
export GIT_AUTHOR_DATE="2024-01-01 12:00:00 +0000" GIT_COMMITTER_DATE="2024-01-01 12:00:00 +0000"
git init -q -b master .
git config gc.auto 0
git add -A
git commit -q -m "base: Debian linux-source-6.1"
git tag culprit-base

FILES=(kernel/fork.c fs/open.c mm/mmap.c fs/read_write.c kernel/exit.c fs/dcache.c
       lib/string.c fs/exec.c kernel/signal.c fs/super.c drivers/tty/tty_io.c
       fs/inode.c mm/memory.c kernel/panic.c fs/file.c kernel/pid.c fs/stat.c)

edit() {  # edit FILE OLD NEW: replace the one occurrence of OLD
  python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1:4]
s = open(path).read()
assert s.count(old) == 1, "anchor not found exactly once in " + path
open(path, 'w').write(s.replace(old, new))
PY
}

fi_=0
for i in $(seq 1 32); do
  export GIT_AUTHOR_DATE="2024-01-$(printf %02d $(( (i % 28) + 1 ))) 12:00:00 +0000"
  export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
  case $i in
    5)
      printf '\n.. Lab note %d: directory creation goes through vfs_mkdir().\n' "$i" >> Documentation/filesystems/vfs.rst
      git commit -q -am "Documentation: vfs: mention vfs_mkdir() (lab $i)" ;;
    12)
      python3 - <<'PY'
p = 'kernel/sys.c'
s = open(p).read()
old = "\tif (len < 0 || len > __NEW_UTS_LEN)\n\t\treturn -EINVAL;\n\terrno = -EFAULT;\n\tif (!copy_from_user(tmp, name, len)) {\n\t\tstruct new_utsname *u;\n"
assert s.count(old) == 1, "sethostname anchor"
new = old.replace("\terrno = -EFAULT;", "\tWARN_ON(len > 8);\n\terrno = -EFAULT;")
open(p, 'w').write(s.replace(old, new))
PY
      git commit -q -am "kernel/sys: warn about long host names (lab $i)" ;;
    18)
      python3 - <<'PY'
p = 'kernel/sys.c'
s = open(p).read()
assert s.count("\tWARN_ON(len > 8);\n") == 1
open(p, 'w').write(s.replace("\tWARN_ON(len > 8);\n", ""))
PY
      git commit -q -am "kernel/sys: drop the host name length warning (lab $i)" \
        -m "Long host names are fine; the warning fired on every boot of some test machines." ;;
    24)
      python3 - <<'PY'
p = 'fs/namei.c'
s = open(p).read()
anchor = "\tmode = vfs_prepare_mode(mnt_userns, dir, mode, S_IRWXUGO | S_ISVTX, 0);\n\terror = security_inode_mkdir(dir, dentry, mode);\n"
assert s.count(anchor) == 1, "vfs_mkdir anchor"
add = '\tWARN_ON(!strcmp(dentry->d_name.name, "bisect-me"));\n'
open(p, 'w').write(s.replace(anchor, anchor.replace("\terror = security", add + "\terror = security")))
PY
      GIT_AUTHOR_NAME="Dana Culprit" GIT_AUTHOR_EMAIL=dana@culprit.example \
        git commit -q -a -m "vfs: sanity-check directory names in vfs_mkdir()" \
        -m "Add an early check for reserved directory names when creating directories." \
        -m "Signed-off-by: Dana Culprit <dana@culprit.example>
Reviewed-by: Rey Viewer <rey@review.example>
Acked-by: Ack Person <ack@ack.example>"
      git rev-parse HEAD > "$CACHE/ANSWER" ;;
    *)
      f=${FILES[$(( fi_ % ${#FILES[@]} ))]}; fi_=$((fi_ + 1))
      if [ $((i % 2)) = 1 ]; then
        printf '\n/* lab: harmless comment %d */\n' "$i" >> "$f"
        git commit -q -am "$(dirname "$f" | tr / :): comment tweak in $(basename "$f") (lab $i)"
      else
        printf '\nstatic int __used lab_harmless_%d(void)\n{\n\treturn %d;\n}\n' "$i" "$i" >> "$f"
        git commit -q -am "$(dirname "$f" | tr / :): add helper in $(basename "$f") (lab $i)"
      fi ;;
  esac
  git tag "culprit-c$i"
done
git tag culprit-tip
git tag "$MARK"
echo "prepare-tree: $REPO ready: $(git rev-parse culprit-tip) (culprit $(cat "$CACHE/ANSWER"))"
