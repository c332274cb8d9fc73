//! Runs the built binary and measures it: exit code, wall time and peak memory.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub use crate::common::write;

/// A healthy Proxmox guest with a USB dongle: VML101 must be found whatever else is in the run.
pub const HEALTHY: &str = "name: cad-01\nusb0: host=0529:0001\n";

/// What a case may spend.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub time: Duration,
    pub memory_mib: u64,
}

/// Enough for every parser case with the debug binary on a loaded 2-core machine: ten times
/// what an idle run takes, and far below what the attacks would take without their limits.
pub const BUDGET: Budget = Budget {
    time: Duration::from_secs(15),
    memory_mib: 400,
};

/// No case may run longer than this: past it the process is killed and the case fails.
const HARD_LIMIT: Duration = Duration::from_secs(90);

/// One finished vmlint process.
pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub code: Option<i32>,
    pub elapsed: Duration,
    pub peak_memory_mib: u64,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "stdout is not JSON ({error}):\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&self.stdout),
                self.stderr
            )
        })
    }

    /// Fail unless the run kept within `budget`, and never panicked.
    pub fn assert_within(&self, budget: Budget) {
        assert!(
            self.elapsed < budget.time,
            "took {:?}, budget {:?}",
            self.elapsed,
            budget.time
        );
        assert!(
            self.peak_memory_mib < budget.memory_mib,
            "peak memory {} MiB, budget {} MiB",
            self.peak_memory_mib,
            budget.memory_mib
        );
        assert!(
            !self.stderr.contains("panicked"),
            "vmlint panicked: {}",
            self.stderr
        );
    }
}

/// Run `program args…` in `cwd` and wait for it with `wait4`, which also returns the child's
/// peak resident set size (`ru_maxrss`, KiB on Linux).
pub fn run_program(program: &Path, args: &[&str], cwd: &Path, prefix: &[&str]) -> Run {
    let (executable, arguments): (&std::ffi::OsStr, Vec<&std::ffi::OsStr>) = match prefix {
        [] => (
            program.as_os_str(),
            args.iter().map(|a| a.as_ref()).collect(),
        ),
        [first, rest @ ..] => (
            first.as_ref(),
            rest.iter()
                .map(|a| a.as_ref())
                .chain(std::iter::once(program.as_os_str()))
                .chain(args.iter().map(|a| a.as_ref()))
                .collect(),
        ),
    };
    let started = Instant::now();
    let mut child = Command::new(executable)
        .args(arguments)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vmlint starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).expect("stdout");
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stderr.read_to_end(&mut bytes).expect("stderr");
        bytes
    });
    let pid = child.id() as libc::pid_t;
    // A case that hangs must fail, not stall the suite: kill it after HARD_LIMIT.
    let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let finished = finished.clone();
        std::thread::spawn(move || {
            while started.elapsed() < HARD_LIMIT {
                if finished.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            // SAFETY: plain syscall. The child is reaped only by the wait4 below, which sets
            // `finished` as soon as it returns; only a child ending exactly at the deadline
            // could have been reaped already.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        })
    };
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills; the child is ours and not yet reaped
    // (std's `Child` is never waited on: it is dropped, which does not wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 failed");
    let elapsed = started.elapsed();
    finished.store(true, std::sync::atomic::Ordering::Relaxed);
    watchdog.join().expect("watchdog");
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run {
        stdout: out.join().expect("stdout reader"),
        stderr: String::from_utf8_lossy(&err.join().expect("stderr reader")).into_owned(),
        code,
        elapsed,
        peak_memory_mib: (usage.ru_maxrss as u64) / 1024,
    }
}

/// Run the built vmlint in `cwd`.
pub fn run(args: &[&str], cwd: &Path) -> Run {
    run_program(Path::new(env!("CARGO_BIN_EXE_vmlint")), args, cwd, &[])
}

/// Lint `dir` (with the healthy file added) as JSON within `budget`; the healthy file's dongle
/// must still be found.
pub fn check(dir: &Path, extra: &[&str], budget: Budget) -> (Value, Option<i32>) {
    write(dir, "healthy/qemu-server/100.conf", HEALTHY);
    let mut args = vec!["check", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let run = run(&args, dir);
    run.assert_within(budget);
    let report = run.json();
    assert_healthy_finding(&report);
    (report, run.code)
}

pub fn assert_healthy_finding(report: &Value) {
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "VML101" && d["file"] == "healthy/qemu-server/100.conf"),
        "the healthy file's finding is missing: {report}"
    );
}

/// The one error about `file`.
pub fn error_about<'a>(report: &'a Value, file: &str) -> &'a Value {
    let errors: Vec<&Value> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|error| error["file"] == file)
        .collect();
    assert_eq!(errors.len(), 1, "errors about {file}: {report}");
    errors[0]
}

/// The error's message, line and column.
pub fn located(error: &Value) -> (&str, Option<u64>, Option<u64>) {
    (
        error["message"].as_str().unwrap_or_default(),
        error["line"].as_u64(),
        error["column"].as_u64(),
    )
}
