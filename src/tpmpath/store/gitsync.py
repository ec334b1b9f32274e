"""`tpmpath sync`: commit this device's files in a data dir that is a git repository, pull the
other devices' commits (rebased: one file per device, so they never touch the same file) and push.

It runs the user's own `git` (no git library): their remotes, credentials and configuration apply.
Whatever fails, the data dir is left as git found it or with one more local commit, never in the
middle of a rebase; the next `tpmpath sync` takes it from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tpmpath.errors import TpmpathError
from tpmpath.store.atomic import write_atomic

IGNORED = (
    "*.lock",
    "*.tmp",
    "*.bak",
    "*.corrupt-*",
    "cache/",
    "__pycache__/",
)
"""What stays on this device: locks, a killed writer's temporaries, backups, damaged copies put
aside and caches. Everything else in the data dir (progress and profile files) is synced."""
IGNORE_HEADER = "# tpmpath sync: files that stay on this device"
PUSH_ATTEMPTS = 3
"""Another device may push between our pull and our push: pull and push again, this often."""


class SyncError(TpmpathError):
    """`tpmpath sync` could not commit, pull or push; nothing was lost."""


@dataclass
class Synced:
    """What a sync did."""

    repository: Path
    remote: str
    branch: str
    committed: list[str] = field(default_factory=list)
    """Files of the data dir in this device's commit (relative to the data dir), if any."""
    commit: str | None = None
    pulled: list[str] = field(default_factory=list)
    """Files another device changed that this one now has (relative to the repository)."""
    pushed: bool = False
    """Whether there was something to push (false: the remote already had everything)."""


@dataclass
class _Git:
    """The user's git, run in the data dir."""

    executable: str
    cwd: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        environment = dict(os.environ, LC_ALL="C", GIT_MERGE_AUTOEDIT="no", GIT_EDITOR=":")
        if not sys.stdin.isatty():  # a prompt for a password nobody can answer would hang
            environment["GIT_TERMINAL_PROMPT"] = "0"
        try:
            done = subprocess.run(  # noqa: S603 - the user's git, with arguments of our own
                [self.executable, *args],
                cwd=self.cwd,
                env=environment,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        except OSError as error:
            raise SyncError(
                f"Cannot run git ({self.executable}): {error.strerror or error}."
            ) from None
        if check and done.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {git_said(done.stderr)}")
        return done

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()


def git_said(stderr: str) -> str:
    """The line of git's stderr that says what went wrong (`fatal:`/`error:` first)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for prefix in ("fatal:", "error:", "ERROR:", "remote:"):
        found = [line for line in lines if line.startswith(prefix)]
        if found:
            return found[0]
    return lines[-1] if lines else "no reason given"


def sync(data_dir: Path, message: str) -> Synced:
    """Commit the data dir's files (`message`), pull the other devices' commits, push."""
    git = _Git(_executable(), data_dir)
    repository = _repository(git, data_dir)
    _refuse_unfinished(git, repository)
    branch = _branch(git)
    remote, upstream, tracked = _upstream(git, branch)
    before = ensure_ignored(data_dir)
    result = Synced(repository, remote, branch)
    try:
        result.committed, result.commit = _commit(git, message)
    except SyncError:
        _restore(data_dir / ".gitignore", before)  # nothing committed: nothing changed
        raise
    if not git.ok("rev-parse", "--verify", "--quiet", "HEAD"):
        return result  # nothing committed, ever: nothing to pull onto or push
    for attempt in range(PUSH_ATTEMPTS):
        result.pulled += _pull(git, remote, upstream)
        if _push(git, remote, branch, upstream, tracked, last=attempt == PUSH_ATTEMPTS - 1):
            result.pushed = True
            break
        if not _ahead(git, remote, upstream):
            break
    if result.commit:  # rebased onto the other devices' commits: it has a new id
        result.commit = git.out("rev-parse", "--short", "HEAD")
    return result


def _executable() -> str:
    found = shutil.which("git")
    if found is None:
        raise SyncError(
            "`tpmpath sync` runs git, which is not installed (or not on PATH).",
            hint="Install git (https://git-scm.com/downloads), then run `tpmpath sync` again.",
        )
    return found


def setup_hint(data_dir: Path) -> str:
    return (
        f"To sync through git: cd {data_dir} && git init && git remote add origin URL "
        "(a private repository you can push to), then run `tpmpath sync`."
    )


def _repository(git: _Git, data_dir: Path) -> Path:
    if not data_dir.is_dir():
        raise SyncError(f"{data_dir} does not exist yet: there is no progress to sync.")
    done = git.run("rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise SyncError(f"{data_dir} is not a git repository.", hint=setup_hint(data_dir))
    return Path(done.stdout.strip())


def _refuse_unfinished(git: _Git, repository: Path) -> None:
    """A rebase or merge the user (or a killed sync) left open is theirs to finish."""
    git_dir = Path(git.out("rev-parse", "--absolute-git-dir"))
    for name, finish in (
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("MERGE_HEAD", "merge"),
    ):
        if (git_dir / name).exists():
            raise SyncError(
                f"{repository} is in the middle of a {finish}: tpmpath left it alone.",
                hint=f"Finish it (`git {finish} --continue`) or undo it (`git {finish} --abort`) "
                "there, then run `tpmpath sync` again.",
            )


def _branch(git: _Git) -> str:
    done = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if done.returncode != 0:
        raise SyncError(
            "The data dir's repository is not on a branch (a detached HEAD).",
            hint="Check out the branch to sync (`git switch main`), then run `tpmpath sync`.",
        )
    return done.stdout.strip()


def _upstream(git: _Git, branch: str) -> tuple[str, str, bool]:
    """The remote, the remote branch, and whether the branch already tracks it. A branch that
    tracks nothing syncs with the only remote, under its own name (`push -u` then records it)."""
    remote = git.run("config", f"branch.{branch}.remote", check=False).stdout.strip()
    merge = git.run("config", f"branch.{branch}.merge", check=False).stdout.strip()
    if remote and remote != "." and merge.startswith("refs/heads/"):
        return remote, merge.removeprefix("refs/heads/"), True
    remotes = git.out("remote").split()
    if not remotes:
        raise SyncError(
            "The data dir's git repository has no remote to sync with.",
            hint="Add one: `git remote add origin URL` (a private repository you can push to), "
            "then run `tpmpath sync` again.",
        )
    if len(remotes) > 1:
        raise SyncError(
            f"The branch '{branch}' has no upstream, and there are several remotes "
            f"({', '.join(remotes)}).",
            hint=f"Choose one: `git push -u {remotes[0]} {branch}` "
            f"(or `git branch --set-upstream-to {remotes[0]}/{branch}`), then run `tpmpath sync`.",
        )
    return remotes[0], branch, False


def ensure_ignored(data_dir: Path) -> bytes | None:
    """Write `.gitignore` in the data dir, or add the patterns it lacks (the user's lines stay);
    what it held before (None: there was none)."""
    path = data_dir / ".gitignore"
    try:
        before = path.read_bytes() if path.exists() else None
        current = before.decode() if before is not None else ""
    except (OSError, UnicodeDecodeError) as error:
        raise SyncError(f"Cannot read {path}: {error}.") from None
    have = {line.strip() for line in current.splitlines()}
    missing = [pattern for pattern in IGNORED if pattern not in have]
    if missing:
        lead = "" if not current or current.endswith("\n") else "\n"
        header = [] if IGNORE_HEADER in have else [IGNORE_HEADER]
        write_atomic(path, (current + lead + "\n".join([*header, *missing]) + "\n").encode())
    return before


def _restore(path: Path, before: bytes | None) -> None:
    """Put `.gitignore` back as it was before this sync (best effort: it is only a list)."""
    try:
        if before is None:
            os.unlink(path)
        elif path.read_bytes() != before:
            write_atomic(path, before)
    except (OSError, TpmpathError):
        pass


def _commit(git: _Git, message: str) -> tuple[list[str], str | None]:
    """Stage the data dir (only it, even in a larger repository) and commit what changed."""
    git.run("add", "--all", "--", ".")
    changed = git.out("diff", "--cached", "--name-only", "--relative", "--", ".").splitlines()
    if not changed:
        return [], None
    done = git.run("commit", "--quiet", "--no-verify", "-m", message, "--", ".", check=False)
    if done.returncode != 0:
        git.run("reset", "--quiet", "--", ".", check=False)  # unstage: leave the index as it was
        raise SyncError(
            f"git could not commit the data dir: {git_said(done.stderr)}",
            hint="If git asks who you are: `git config --global user.name NAME` and "
            "`git config --global user.email EMAIL`, then run `tpmpath sync` again.",
        )
    return changed, git.out("rev-parse", "--short", "HEAD")


def _fetch(git: _Git, remote: str) -> None:
    done = git.run("fetch", "--quiet", remote, check=False)
    if done.returncode != 0:
        raise SyncError(
            f"Cannot reach the remote '{remote}': {git_said(done.stderr)}",
            hint="Your changes are committed in the data dir; run `tpmpath sync` again when the "
            "remote can be reached (check the network and your access to it).",
        )


def _pull(git: _Git, remote: str, upstream: str) -> list[str]:
    """Fetch, and rebase this device's commits on the remote branch; the files that came in."""
    _fetch(git, remote)
    theirs = f"refs/remotes/{remote}/{upstream}"
    if not git.ok("rev-parse", "--verify", "--quiet", theirs):
        return []  # the remote has no such branch yet: the push creates it
    before = git.out("rev-parse", "HEAD")
    if git.ok("merge-base", "--is-ancestor", theirs, before):
        return []  # nothing new there
    done = git.run("rebase", "--autostash", theirs, check=False)
    if done.returncode != 0:
        _abort_rebase(git, done.stderr)
    return git.out("diff", "--name-only", before, "HEAD").splitlines()


def _abort_rebase(git: _Git, stderr: str) -> None:
    conflicted = git.out("diff", "--name-only", "--diff-filter=U").splitlines()
    git.run("rebase", "--abort", check=False)
    if conflicted:
        raise SyncError(
            f"Another device changed {', '.join(conflicted)} too: git cannot combine the two "
            "versions, so tpmpath left your data dir as it was (your changes are committed, "
            "nothing was pushed).",
            hint="Each device should write only its own files. Resolve it by hand: `git pull "
            "--rebase`, fix the file, `git rebase --continue`, then `tpmpath sync`.",
        )
    raise SyncError(
        f"git could not bring in the other devices' changes: {git_said(stderr)}",
        hint="Your changes are committed in the data dir; nothing was pushed.",
    )


def _ahead(git: _Git, remote: str, upstream: str) -> bool:
    theirs = f"refs/remotes/{remote}/{upstream}"
    if not git.ok("rev-parse", "--verify", "--quiet", theirs):
        return True
    return git.out("rev-list", "--count", f"{theirs}..HEAD") != "0"


def _push(git: _Git, remote: str, branch: str, upstream: str, tracked: bool, *, last: bool) -> bool:
    """Push if the remote lacks this device's commits. False: someone pushed first (pull again)."""
    if not _ahead(git, remote, upstream):
        return False
    done = git.run("push", "--porcelain", remote, f"HEAD:refs/heads/{upstream}", check=False)
    if done.returncode == 0:
        if not tracked:
            git.run("branch", "--quiet", f"--set-upstream-to={remote}/{upstream}", branch)
        return True
    rejected = "[rejected]" in done.stdout or "fetch first" in done.stderr
    if rejected and not last:
        return False
    raise SyncError(
        f"Cannot push to the remote '{remote}': {git_said(done.stderr)}",
        hint="Your changes are committed in the data dir; run `tpmpath sync` again (check your "
        "access to the remote).",
    )
