"""The in-flight delivery ledger shared through the office remote: branch ``buku-besar``.

Each clone keeps its ledger in ``.jdih/buku-besar/`` (local, ignored by git). To share it, the
folder is stored as the whole tree of the branch ``buku-besar`` (as CI's ``buku-besar.sh`` does)
and every change is a compare-and-swap on that branch: fetch it, change the folder, push the new
commit with ``--force-with-lease`` naming the commit that was fetched. When another machine pushed
in between, the push is refused, the folder is read again from the remote and the change is
decided again on what the other machine wrote; so two clones can never both claim one delivery.

The branch is untrusted input: only regular files with safe relative paths are written out
(symlinks, submodules, ``..`` are skipped), and the folder is swapped in whole.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

import git

from ..errors import RepositoryError
from .objects import BlobReader
from .repo import REMOTE, Workspace, exclude_locally, git_errors

LEDGER_BRANCH = "buku-besar"
LEDGER_DIR = "buku-besar"  # inside the state folder (.jdih/)
CLAIM_DIR = "klaim"  # beside it, in the state folder and on the branch (Ledger never reads it)
CLAIM_FILE = "pengiriman.json"  # one claim for every delivery command: they share the ledger folder
MAX_ATTEMPTS = 8  # compare-and-swap rounds before giving up (each round means another machine wrote)

T = TypeVar("T")


class LedgerRace(RepositoryError):
    """The remote ledger changed between our fetch and our push (another machine wrote first)."""


@dataclass(frozen=True)
class LedgerBase:
    """The ledger commit a change starts from (None: the branch does not exist yet, or no remote)."""

    commit: str | None


def _tracking(ws: Workspace) -> str:
    return f"refs/remotes/{REMOTE}/{LEDGER_BRANCH}"


def _safe_parts(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and all(p not in ("", ".", "..") for p in parts)


def fetch_ledger(ws: Workspace, state_dir: Path) -> LedgerBase:
    """Bring ``state_dir/buku-besar`` to the remote branch's content; returns the commit it came from.

    Without a remote, or before the branch exists, the local folder is left as it is (its records
    are then the first to be shared)."""
    exclude_locally(ws.root, state_dir)  # the ledger is local state: never something to commit on main
    if not ws.has_remote():
        return LedgerBase(None)
    try:
        ws.repo.git.fetch("--no-tags", REMOTE, f"+refs/heads/{LEDGER_BRANCH}:{_tracking(ws)}")
    except git.GitCommandError as exc:
        text = f"{exc.stderr or ''}".lower()
        if "couldn't find remote ref" in text or "could not find remote ref" in text:
            with git_errors("membaca buku besar bersama"):
                ws.repo.git.update_ref("-d", _tracking(ws))
            return LedgerBase(None)
        with git_errors(f"mengambil cabang {LEDGER_BRANCH}"):
            raise
    with git_errors("membaca buku besar bersama"):
        commit = ws.repo.git.rev_parse("--verify", f"{_tracking(ws)}^{{commit}}").strip()
        listing = ws.repo.git.ls_tree("-r", "-z", "--full-tree", commit)
    files: dict[str, list[tuple[str, str]]] = {LEDGER_DIR: [], CLAIM_DIR: []}
    for item in listing.split("\0"):
        if not item:
            continue
        meta, _, path = item.partition("\t")
        mode, kind, sha = meta.split()
        top = path.split("/", 1)[0]
        if kind == "blob" and mode in ("100644", "100755") and top in files and "/" in path and _safe_parts(path):
            files[top].append((path, sha))
    for name, found in files.items():
        _swap_in(ws, state_dir, found, name)
    return LedgerBase(commit)


def _swap_in(ws: Workspace, state_dir: Path, files: list[tuple[str, str]], name: str = LEDGER_DIR) -> None:
    """Replace ``state_dir/<name>`` by ``files`` at once: written aside, then renamed into place."""
    state_dir.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".buku-besar-baru-", dir=state_dir))
    try:
        with BlobReader(ws.root) as reader:
            data = reader.read_many(sha for _, sha in files)
        for path, sha in files:
            blob = data.get(sha)
            if blob is None:
                continue
            target = fresh / PurePosixPath(path).relative_to(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
        folder = state_dir / name
        old = state_dir / f".{name}-lama-{os.getpid()}"
        if folder.is_symlink() or folder.is_file():
            folder.unlink()
        if folder.exists():
            os.replace(folder, old)
        os.replace(fresh, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def push_ledger(ws: Workspace, state_dir: Path, base: LedgerBase, message: str) -> LedgerBase:
    """Store ``state_dir/buku-besar`` as a new commit on the branch, only if the remote branch is still
    at ``base`` (compare-and-swap); :class:`LedgerRace` when another machine wrote first."""
    if not ws.has_remote():
        return base
    for name in (LEDGER_DIR, CLAIM_DIR):
        (state_dir / name).mkdir(parents=True, exist_ok=True)
    fd, index = tempfile.mkstemp(prefix="jdih-ledger-index-")
    os.close(fd)
    os.unlink(index)  # git wants to create the index itself
    env = {**os.environ, "GIT_INDEX_FILE": index}
    try:
        with git_errors("menyusun buku besar bersama"):
            # A private index and work tree: main's index and files are never touched.
            ws.repo.git.execute(["git", f"--work-tree={state_dir}", "add", "--force", "--all", "--", LEDGER_DIR,
                                CLAIM_DIR],
                                env=env)
            tree = ws.repo.git.execute(["git", f"--work-tree={state_dir}", "write-tree"], env=env).strip()
            if base.commit and ws.repo.git.rev_parse(f"{base.commit}^{{tree}}").strip() == tree:
                return base
            parents = ["-p", base.commit] if base.commit else []
            commit = ws.repo.git.commit_tree(tree, *parents, "-m", message).strip()
    finally:
        Path(index).unlink(missing_ok=True)
    lease = f"--force-with-lease=refs/heads/{LEDGER_BRANCH}:{base.commit or ''}"
    try:
        ws.repo.git.push("--porcelain", lease, REMOTE, f"{commit}:refs/heads/{LEDGER_BRANCH}")
    except git.GitCommandError as exc:
        text = f"{exc.stdout or ''} {exc.stderr or ''}".lower()
        if "stale info" in text or "rejected" in text or "fetch first" in text:
            raise LedgerRace(
                f"cabang {LEDGER_BRANCH} di remote berubah oleh komputer lain sejak dibaca",
                hint="Jalankan ulang perintah yang sama; buku besar dibaca ulang lebih dulu.",
            ) from None
        with git_errors(f"mengirim cabang {LEDGER_BRANCH}"):
            raise
    with git_errors("mencatat buku besar bersama"):
        ws.repo.git.update_ref(_tracking(ws), commit)
    return LedgerBase(commit)


def update_shared_ledger(ws: Workspace, state_dir: Path, change: Callable[[Path], T], message: str) -> T:
    """Change the shared ledger atomically: fetch, ``change(folder)``, push with lease; on a race,
    fetch again and call ``change`` again on what the other machine wrote. ``change`` decides from
    the folder's current records (e.g. claims a delivery only when nobody has) and returns its
    decision, which is returned once the push succeeded."""
    for _ in range(MAX_ATTEMPTS):
        base = fetch_ledger(ws, state_dir)
        decision = change(state_dir / LEDGER_DIR)
        try:
            push_ledger(ws, state_dir, base, message)
        except LedgerRace:
            continue
        return decision
    raise RepositoryError(
        f"cabang {LEDGER_BRANCH} terus berubah oleh komputer lain; tidak ada yang dikirim",
        hint="Tunggu pengiriman di komputer lain selesai, lalu jalankan ulang perintah yang sama.",
    )


# -- one delivery run at a time across the office ---------------------------------------------


@dataclass(frozen=True)
class RunClaim:
    """Who holds the office's delivery claim (read from the branch: untrusted, shown, never executed)."""

    clone: str  # the clone's own id (.jdih/klon-id)
    actor: str
    host: str
    command: str
    since: str


def clone_id(state_dir: Path) -> str:
    """This clone's id (made once, kept in the ignored state folder)."""
    path = state_dir / "klon-id"
    try:
        found = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        found = ""
    if found:
        return found
    state_dir.mkdir(parents=True, exist_ok=True)
    made = uuid.uuid4().hex
    path.write_text(made + "\n", encoding="utf-8")
    return made


def _read_claim(state_dir: Path) -> RunClaim | None:
    path = state_dir / CLAIM_DIR / CLAIM_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RunClaim(*(str(data[k])[:200] for k in ("klon", "oleh", "komputer", "perintah", "sejak")))
    except (ValueError, KeyError, TypeError, OSError):
        return RunClaim("?", "?", "?", "?", "?")  # damaged: held by nobody we know, so never ours


def _copy_aside(folder: Path) -> Path | None:
    if not folder.is_dir():
        return None
    aside = Path(tempfile.mkdtemp(prefix="jdih-buku-besar-lokal-"))
    shutil.copytree(folder, aside / "isi", symlinks=True)
    return aside


def _put_back(aside: Path | None, folder: Path) -> None:
    """This clone's own records replace what was fetched (it held the claim: nobody else wrote)."""
    shutil.rmtree(folder, ignore_errors=True)
    if aside is not None:
        shutil.copytree(aside / "isi", folder, symlinks=True)
    else:
        folder.mkdir(parents=True, exist_ok=True)


def claim_run(ws: Workspace, state_dir: Path, actor: str, command: str, since: str) -> RunClaim | None:
    """Claim the office's delivery run on the branch (compare-and-swap). Returns the other holder when
    another clone holds it (nothing changes). When this clone already holds it (an interrupted run),
    its local records are the newest and are kept, not replaced by the fetched ones."""
    mine = clone_id(state_dir)
    aside = _copy_aside(state_dir / LEDGER_DIR)
    try:
        def change(folder: Path) -> RunClaim | None:
            held = _read_claim(state_dir)
            if held is not None and held.clone != mine:
                return held
            if held is not None:
                _put_back(aside, folder)
            claim = state_dir / CLAIM_DIR / CLAIM_FILE
            claim.parent.mkdir(parents=True, exist_ok=True)
            record = {"klon": mine, "oleh": actor, "komputer": socket.gethostname(), "perintah": command,
                      "sejak": since}
            claim.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return None

        return update_shared_ledger(ws, state_dir, change, f"{command}: klaim pengiriman oleh {actor}")
    finally:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def release_run(ws: Workspace, state_dir: Path, command: str) -> bool:
    """Push this clone's records and drop its claim in one compare-and-swap. False (nothing pushed)
    when the claim is no longer this clone's."""
    mine = clone_id(state_dir)
    aside = _copy_aside(state_dir / LEDGER_DIR)
    try:
        def change(folder: Path) -> bool:
            held = _read_claim(state_dir)
            if held is None or held.clone != mine:
                return False
            _put_back(aside, folder)
            (state_dir / CLAIM_DIR / CLAIM_FILE).unlink()
            return True

        released = update_shared_ledger(ws, state_dir, change, f"{command}: hasil pengiriman")
        if not released:  # never lose this clone's records to a claim someone removed by hand
            _put_back(aside, state_dir / LEDGER_DIR)
        return released
    finally:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
