"""Run corpus cases through the `planner` CLI with a wall-clock and memory limit, and judge them.

Starting `python -m planner` costs about 1.5 s (the OR-Tools import), and the corpus has hundreds
of runs, so this is a fork server: the parent imports the CLI once, then forks one child per run.
The child sets its limits, points stdin at /dev/null and stdout/stderr at files (or stdout at a
pipe nobody reads), calls the CLI's `main(argv)` and leaves with `os._exit(code)`, doing what the
interpreter does at exit (print an uncaught exception, flush stdout, exit 120 if that fails). The
parent enforces the wall-clock limit with SIGKILL on the child's process group and reads the
result. `run_subprocess` runs the same command through a real `sys.executable -m planner`; the
tests compare the two on a handful of cases.

When the harness runs as root, each child drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and
CAP_FOWNER first, so a folder with mode 0555 or a file with mode 0000 refuses it as it would
refuse any user; the corpus gives device targets as private mknod copies (see corpus.py).

`classify` names every problem of a run: traceback, hang, memory-out, crash (killed by a signal),
clobbered, wrong-exit, unclear. Modelled on the fork-server idea of AFL's forkserver and of
python-afl (a parent that pays the start-up once and forks per input); the code is our own.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import hashlib
import importlib
import io
import os
import re
import resource
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.corpus import Case, CaseSkipped, Run, materialize

ENTRY_POINT = "planner.cli:main"
# Imported in the parent so that no child pays for them; optional because a refactor may move them.
PRELOAD = (
    "planner.solver",
    "planner.explain",
    "planner.checker",
    "planner.checker_cli",
    "planner.export.cli",
    "planner.export.ics",
    "planner.importers",
    "planner.io",
)
MAX_LINE = 300  # issue 13: an error line under 300 characters
FAILURES = ("traceback", "hang", "memory-out", "crash", "clobbered", "wrong-exit", "unclear")
REAL_DEVICES = ("/dev/full", "/dev/null", "/dev/zero")
READ_LIMIT = 16 * 1024 * 1024  # stderr/stdout bytes read back (a 3 MB error line must still count)

Main = Callable[[list[str]], object]

_TRACEBACK = re.compile(
    r"^(?:Traceback \(most recent call last\):"
    r"|Exception ignored in"
    r"|(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Interrupt|Exit|Warning)(?::|$))",
    re.MULTILINE,
)
_MEMORY = re.compile(r"\bMemoryError\b|std::bad_alloc|Cannot allocate memory|out of memory", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 20.0
    # RLIMIT_AS caps address space, of which the imported CLI already holds ~450 MB.
    memory_bytes: int = 1536 * 1024 * 1024
    # RLIMIT_FSIZE: an output that never ends cannot fill the disk.
    file_bytes: int = 256 * 1024 * 1024


@dataclass
class RawResult:
    """What one child did: how it ended, what it printed, how long and how big it got."""

    exit_code: int | None
    signal: int | None
    timed_out: bool
    seconds: float
    max_rss_mb: float
    stdout: bytes
    stderr: bytes


@dataclass
class Outcome:
    case: Case
    run: Run
    raw: RawResult | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # details: which file changed, how many lines
    skipped: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def first_stderr_line(self) -> str:
        if self.raw is None:
            return self.skipped
        lines = [line for line in self.raw.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        if self.raw.timed_out:
            return f"(killed after {self.raw.seconds:.0f} s)" + (f" {lines[0]}" if lines else "")
        return lines[0] if lines else "(no stderr)"

    def symptom(self, width: int = 200) -> str:
        """The first stderr line, or for a traceback its last line (the exception), shortened."""
        text = self.first_stderr_line
        if self.raw is not None and ("traceback" in self.problems or "memory-out" in self.problems):
            found = [
                m.group(0) for m in re.finditer(r"^\S.*$", self.raw.stderr.decode("utf-8", "replace"), re.M)
            ]
            errors = [line for line in found if _TRACEBACK.match(line) and not line.startswith("Traceback")]
            text = errors[-1] if errors else text
        text = text if len(text) <= width else text[: width - 3] + "..."
        return f"{text} [{'; '.join(self.notes)}]" if self.notes else text

    def to_json(self) -> dict:
        raw = self.raw
        return {
            "case": self.case.id,
            "class": self.case.klass,
            "what": self.case.what,
            "command": self.run.command,
            "argv": [shorten(arg, 80) for arg in self.run.argv],
            "expect": self.run.expect,
            "exit_code": raw.exit_code if raw else None,
            "signal": raw.signal if raw else None,
            "seconds": round(raw.seconds, 3) if raw else None,
            "max_rss_mb": round(raw.max_rss_mb, 1) if raw else None,
            "problems": self.problems,
            "notes": self.notes,
            "symptom": self.symptom(400),
            "skipped": self.skipped,
        }


def shorten(text: str, width: int) -> str:
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= width else f"{text[: width - 12]}...({len(text)} chars)"


# ---- the entry point -----------------------------------------------------------------------
def load_main(entry: str = ENTRY_POINT, preload: Iterable[str] = PRELOAD) -> Main:
    """The CLI's `main` (a module `planner.cli` or a package `planner/cli/` both answer this)."""
    module_name, _, attribute = entry.partition(":")
    main = getattr(importlib.import_module(module_name), attribute)
    for name in preload:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    return main


# ---- inside the child ----------------------------------------------------------------------
_CAP_V3 = 0x20080522
_DROPPED_CAPS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER (linux/capability.h)


class _CapHeader(ctypes.Structure):
    _fields_ = (("version", ctypes.c_uint32), ("pid", ctypes.c_int))


class _CapData(ctypes.Structure):
    _fields_ = (
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    )


def drop_permission_override() -> bool:
    """Make root obey file modes (no-op for other users). True when the capabilities are gone."""
    if os.geteuid() != 0:
        return True
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        header = _CapHeader(_CAP_V3, 0)
        data = (_CapData * 2)()
        if libc.capget(ctypes.byref(header), data) != 0:
            return False
        mask = ~sum(1 << cap for cap in _DROPPED_CAPS) & 0xFFFFFFFF
        data[0].effective &= mask
        data[0].permitted &= mask
        data[0].inheritable &= mask
        return libc.capset(ctypes.byref(header), data) == 0
    except (OSError, AttributeError):
        return False


# What a fresh `python -m planner` holds once the CLI is imported (the budget's starting point).
IMPORTED_CLI_BYTES = 450 * 1024 * 1024


def _address_space() -> int:
    """This process's current address space (VmSize), in bytes; 0 when /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def apply_limits(limits: Limits, *, forked: bool = False) -> None:
    """Limits for a child: address space, output file size, no core files. Also subprocess preexec.

    A forked child inherits the parent's address space (under pytest, over a gigabyte late in the
    suite), so its cap is what it already holds plus the run's budget beyond a fresh CLI's
    import: the same room a real `python -m planner` gets under `memory_bytes`.
    """
    memory = limits.memory_bytes
    if forked:
        memory = max(memory, _address_space() + memory - IMPORTED_CLI_BYTES)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    drop_permission_override()


def _exit_code(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)  # sys.exit("message") prints it and exits 1
    return 1


def call_like_interpreter(main: Main, argv: Sequence[str]) -> int:
    """`sys.exit(main(argv))` as `python -m planner` runs it, including what happens at exit."""
    try:
        code = _exit_code(main(list(argv)))
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
    except BaseException as exc:
        # CPython reports a failed flush of stdout at shutdown this way and exits with 120.
        print("Exception ignored in: <_io.TextIOWrapper name='<stdout>' encoding='utf-8'>", file=sys.stderr)
        traceback.print_exception(exc)
        code = 120
    with contextlib.suppress(BaseException):
        sys.stderr.flush()
    return code


def _text_stream(fd: int, errors: str, line_buffered: bool) -> io.TextIOWrapper:
    """stdout/stderr as the interpreter makes them, so a closed pipe fails at the same print.

    Under PYTHONUNBUFFERED (or -u) every write goes straight to the fd; otherwise open() sizes the
    buffer from st_blksize as the interpreter does (4 kB for a pipe).
    """
    if os.environ.get("PYTHONUNBUFFERED"):
        raw = io.FileIO(fd, "w", closefd=False)
        return io.TextIOWrapper(
            raw, encoding="utf-8", errors=errors, line_buffering=line_buffered, write_through=True
        )
    return open(fd, "w", buffering=1 if line_buffered else -1, encoding="utf-8", errors=errors, closefd=False)


def _child(
    main: Main, argv: Sequence[str], cwd: Path, stdout_fd: int, stderr_fd: int, limits: Limits
) -> None:
    code = 71
    try:
        os.setpgid(0, 0)
        faulthandler.disable()  # a real `python -m planner` has none; pytest's would write to its own fd
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives until os._exit
        sys.stdout = _text_stream(1, "strict", line_buffered=False)
        sys.stderr = _text_stream(2, "backslashreplace", line_buffered=True)
        sys.argv = ["planner", *argv]
        apply_limits(limits, forked=True)
        code = call_like_interpreter(main, argv)
    except BaseException:
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    finally:
        os._exit(code)


# ---- the parent ----------------------------------------------------------------------------
@dataclass
class _Running:
    pid: int
    started: float
    stdout_path: Path
    stderr_path: Path
    pidfd: int | None
    on_done: Callable[[RawResult], None]
    wall: float
    killed: bool = False


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(READ_LIMIT)
    except OSError:
        return b""


class ForkServer:
    """Starts children from this (already importing) process and collects them, `workers` at a time."""

    def __init__(self, main: Main, limits: Limits | None = None, workers: int = 2) -> None:
        self.main = main
        self.limits = limits or Limits()
        self.workers = max(1, workers)
        self._running: dict[int, _Running] = {}

    def start(
        self,
        argv: Sequence[str],
        cwd: Path,
        log_dir: Path,
        on_done: Callable[[RawResult], None],
        stdout: str = "file",
        wall: float | None = None,
    ) -> None:
        """Fork a child for `argv` in `cwd`; `on_done` gets its result. `wall` overrides the limit."""
        stdout_path, stderr_path = log_dir / "stdout", log_dir / "stderr"
        err_fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        if stdout == "closed":
            # `planner ... | head -0`: a pipe whose reader is gone before the first write.
            read_end, out_fd = os.pipe()
            os.close(read_end)
        else:
            out_fd = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(self.main, argv, cwd, out_fd, err_fd, self.limits)
        os.close(out_fd)
        os.close(err_fd)
        with contextlib.suppress(OSError):  # also from the parent: the group exists before any kill
            os.setpgid(pid, pid)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        limit = min(wall, self.limits.wall_seconds) if wall else self.limits.wall_seconds
        self._running[pid] = _Running(pid, time.monotonic(), stdout_path, stderr_path, pidfd, on_done, limit)

    @property
    def busy(self) -> bool:
        return len(self._running) >= self.workers

    @property
    def idle(self) -> bool:
        return not self._running

    def wait_some(self) -> None:
        """Block until at least one child ended or was killed for its time; hand over its result."""
        while True:
            if self._reap():
                return
            now = time.monotonic()
            deadline = min(r.started + r.wall for r in self._running.values())
            timeout = max(0.0, deadline - now)
            pidfds = [r.pidfd for r in self._running.values() if r.pidfd is not None]
            if pidfds and len(pidfds) == len(self._running):
                poller = select.poll()
                for fd in pidfds:
                    poller.register(fd, select.POLLIN)
                poller.poll(timeout * 1000 + 1)
            else:
                time.sleep(min(timeout, 0.005))
            for running in self._running.values():
                if not running.killed and time.monotonic() - running.started > running.wall:
                    running.killed = True
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(running.pid, signal.SIGKILL)

    def _reap(self) -> bool:
        done = False
        for pid, running in list(self._running.items()):
            ended, status, usage = os.wait4(pid, os.WNOHANG)
            if ended == 0:
                continue
            seconds = time.monotonic() - running.started
            if running.pidfd is not None:
                os.close(running.pidfd)
            del self._running[pid]
            exit_code = os.waitstatus_to_exitcode(status)
            raw = RawResult(
                exit_code=exit_code if exit_code >= 0 else None,
                signal=-exit_code if exit_code < 0 else None,
                timed_out=running.killed,
                seconds=seconds,
                max_rss_mb=usage.ru_maxrss / 1024,
                stdout=_read(running.stdout_path),
                stderr=_read(running.stderr_path),
            )
            running.on_done(raw)
            done = True
        return done

    def run_one(
        self, argv: Sequence[str], cwd: Path, log_dir: Path, stdout: str = "file", wall: float | None = None
    ) -> RawResult:
        results: list[RawResult] = []
        self.start(argv, cwd, log_dir, results.append, stdout, wall)
        while not results:
            self.wait_some()
        return results[0]


def run_subprocess(
    argv: Sequence[str], cwd: Path, log_dir: Path, limits: Limits | None = None, stdout: str = "file"
) -> RawResult:
    """The same command through a real interpreter: `sys.executable -m planner ARGV`."""
    limits = limits or Limits()
    stdout_path, stderr_path = log_dir / "stdout", log_dir / "stderr"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with stderr_path.open("wb") as err:
        if stdout == "closed":
            read_end, write_end = os.pipe()
            os.close(read_end)
            out: int | io.BufferedWriter = write_end
        else:
            out = stdout_path.open("wb")
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "planner", *argv],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            process_group=0,
            preexec_fn=lambda: apply_limits(limits),
        )
        if isinstance(out, int):
            os.close(out)
        else:
            out.close()
        timed_out = False
        try:
            _, status, usage = _wait4_with_timeout(process, limits.wall_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    code = process.returncode
    return RawResult(
        exit_code=code if code >= 0 else None,
        signal=-code if code < 0 else None,
        timed_out=timed_out,
        seconds=time.monotonic() - started,
        max_rss_mb=usage.ru_maxrss / 1024,
        stdout=_read(stdout_path),
        stderr=_read(stderr_path),
    )


def _wait4_with_timeout(process: subprocess.Popen, seconds: float) -> tuple[int, int, resource.struct_rusage]:
    deadline = time.monotonic() + seconds
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return pid, status, usage
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(process.args, seconds)
        time.sleep(0.01)


# ---- judging -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    kind: str
    mode: int
    size: int
    digest: str
    extra: str  # device numbers or symlink target


def snapshot(folder: Path) -> dict[str, Entry]:
    """Every path under `folder` with what it is and (regular files) a hash of its bytes."""
    entries: dict[str, Entry] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            info = path.lstat()
            relative = str(path.relative_to(folder))
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISREG(info.st_mode):
                try:
                    digest = hashlib.sha1(path.read_bytes()).hexdigest()
                except OSError:
                    digest = f"unreadable:{info.st_mtime_ns}"
                entries[relative] = Entry("file", mode, info.st_size, digest, "")
            elif stat.S_ISDIR(info.st_mode):
                entries[relative] = Entry("dir", mode, 0, "", "")
            elif stat.S_ISLNK(info.st_mode):
                entries[relative] = Entry("symlink", mode, 0, "", os.readlink(path))
            elif stat.S_ISCHR(info.st_mode):
                entries[relative] = Entry(
                    "chardev", mode, 0, "", f"{os.major(info.st_rdev)},{os.minor(info.st_rdev)}"
                )
            elif stat.S_ISFIFO(info.st_mode):
                entries[relative] = Entry("fifo", mode, 0, "", "")
            else:
                entries[relative] = Entry("other", mode, 0, "", "")
    return entries


def real_devices_intact() -> list[str]:
    """The real /dev nodes the corpus imitates must still be character devices."""
    broken = []
    for device in REAL_DEVICES:
        try:
            if not stat.S_ISCHR(os.lstat(device).st_mode):
                broken.append(f"{device} is no longer a character device")
        except FileNotFoundError:
            broken.append(f"{device} is gone")
    return broken


def clobbered(
    before: dict[str, Entry], after: dict[str, Entry], run: Run, case: Case, refused: bool
) -> list[str]:
    """What the run changed that it should not have: unnamed paths, kept files, nodes, truncations."""
    named = {os.path.normpath(path) for path in run.outputs if path}
    parents = {str(parent) for path in named for parent in Path(path).parents if str(parent) != "."}
    keep = {os.path.normpath(path) for path in case.keep}
    problems = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        change = "created" if old is None else "deleted" if new is None else "changed"
        if old is not None and new is not None and old.kind != new.kind:
            change = f"{old.kind} replaced by a {new.kind}"
        if path in keep:
            problems.append(f"{path} {change} (must be left alone)")
        elif path in named:
            if refused:
                problems.append(f"{path} {change} by a command that refused its input")
            elif old is not None and old.kind != "file":
                problems.append(f"{path}: {change}")
            elif new is None:
                problems.append(f"{path} deleted")
            elif new.kind == "file" and new.size == 0:
                problems.append(f"{path} left empty")
        elif path in parents and old is None and new is not None and new.kind == "dir" and not refused:
            continue
        else:
            problems.append(f"{path} {change} (not named by the user)")
    return problems


def classify(run: Run, raw: RawResult, clobbers: Sequence[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) for one run against what its case expects."""
    problems: list[str] = []
    notes: list[str] = []
    stderr = raw.stderr.decode("utf-8", "replace")
    lines = [line for line in stderr.splitlines() if line.strip()]
    if raw.timed_out:
        problems.append("hang")
        if run.deadline is not None:
            notes.append(f"still running after its {run.deadline:g} s budget")
    elif _MEMORY.search(stderr) or raw.signal == signal.SIGKILL:
        problems.append("memory-out")
    elif raw.signal is not None:
        problems.append("crash")
        notes.append(f"killed by {signal.Signals(raw.signal).name}")
    elif _TRACEBACK.search(stderr):
        problems.append("traceback")
    if clobbers:
        problems.append("clobbered")
        notes.extend(clobbers)
    if problems and problems[0] in ("hang", "memory-out", "crash", "traceback"):
        return problems, notes
    code = raw.exit_code
    allowed = {"bad_input": {2}, "ok": {0, 1}, "either": {0, 1, 2}}.get(run.expect)
    if allowed is not None and code not in allowed:
        problems.append("wrong-exit")
        notes.append(f"exit {code}, expected {'/'.join(str(c) for c in sorted(allowed))}")
        return problems, notes
    long_lines = [line for line in lines if len(line) > MAX_LINE]
    if code == 2 and run.expect != "quiet":
        if len(lines) != 1:
            problems.append("unclear")
            notes.append(f"{len(lines)} stderr lines")
        elif long_lines:
            problems.append("unclear")
            notes.append(f"a line of {len(long_lines[0])} characters")
        elif run.names and not any(name in lines[0] for name in run.names):
            problems.append("unclear")
            notes.append(f"names none of {', '.join(run.names)}")
    elif run.expect == "quiet" and len(lines) > 1:
        problems.append("unclear")
        notes.append(f"{len(lines)} stderr lines after a closed pipe")
    elif long_lines:
        problems.append("unclear")
        notes.append(f"a stderr line of {len(long_lines[0])} characters")
    return problems, notes


# ---- running the corpus --------------------------------------------------------------------
def make_root(prefix: str = "planner-fuzz-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove_tree(root: Path) -> None:
    """Delete a run folder, including read-only folders and unreadable files the corpus made."""
    for dirpath, dirnames, _ in os.walk(root):
        for name in dirnames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                path.chmod(0o755)
    shutil.rmtree(root, ignore_errors=True)


def prepare(case: Case, run: Run, root: Path, index: int) -> tuple[Path, Path]:
    """A fresh folder per run: (work folder the command runs in, folder for its stdout/stderr)."""
    base = root / case.id / f"{index}-{run.command}"
    work = base / "work"
    work.mkdir(parents=True)
    materialize(case, work)
    return work, base


def run_corpus(
    cases: Iterable[Case],
    main: Main,
    root: Path,
    limits: Limits | None = None,
    workers: int = 2,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every run of every case, `workers` children at a time; outcomes in corpus order."""
    server = ForkServer(main, limits, workers)
    pending = deque((case, index, run) for case in cases for index, run in enumerate(case.runs))
    outcomes: dict[tuple[str, int], Outcome] = {}
    order = [(case.id, index) for case, index, _ in pending]

    def finish(case: Case, index: int, run: Run, work: Path, before: dict[str, Entry]) -> Callable:
        def done(raw: RawResult) -> None:
            after = snapshot(work)
            changes = clobbered(before, after, run, case, refused=raw.exit_code == 2)
            changes += real_devices_intact()
            problems, notes = classify(run, raw, changes)
            outcome = Outcome(case, run, raw, problems, notes)
            outcomes[(case.id, index)] = outcome
            if progress:
                progress(outcome)

        return done

    while pending or not server.idle:
        while pending and not server.busy:
            case, index, run = pending.popleft()
            try:
                work, logs = prepare(case, run, root, index)
            except CaseSkipped as exc:
                outcomes[(case.id, index)] = Outcome(case, run, None, skipped=str(exc))
                continue
            before = snapshot(work)
            server.start(
                run.argv, work, logs, finish(case, index, run, work, before), run.stdout, run.deadline
            )
        if not server.idle:
            server.wait_some()
    return [outcomes[key] for key in order]
