//! Stopping the Chromium processes of a profile, by process id.
//!
//! chromedriver quits Chromium when a session ends properly. When it does not (a test panics
//! before closing its session, chromedriver is killed), Chromium keeps running with nobody to
//! stop it. Every Chromium started here has `--user-data-dir=<a directory of ours>` on its
//! command line, and the directory's name holds this process's id: those processes and their
//! descendants (renderers, the network service, the crash handler) are found in `/proc` and
//! killed by pid. Nothing else is touched.
//!
//! Three races are closed here. Chromium starts processes at any time (a renderer, a utility
//! process): one started between a look at `/proc` and the kills would outlive them, so the
//! look is taken again until it finds nothing running. A killed process is gone only when all
//! its threads are: its main thread can be a zombie while the others still exit, so every
//! thread is looked at. And a process id is reused once its process is gone (the kernel's
//! default `pid_max` is 32768): a process is known by its id and its start time together, so a
//! newcomer with an old id is neither waited for nor killed.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// How many looks at `/proc` a stop takes at most: each kills everything it finds, so the
/// second finds nothing unless Chromium was starting a process during the first.
const ROUNDS: usize = 10;

/// One process: its id and its start time (clock ticks after boot), which together name it
/// even after the id is reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Process {
    pid: u32,
    started: u64,
}

/// Kills every process with an argument that is `dir` or a path inside it (alone or after
/// `--flag=`), and their descendants, until none is left running (each round waits at most
/// five seconds for its kills); then removes `dir`. Linux only for the processes (it reads
/// `/proc`); elsewhere it only removes the directory.
pub(super) fn kill_users_and_remove(dir: &Path) {
    for _ in 0..ROUNDS {
        let tree = users_and_descendants(dir);
        if tree.is_empty() {
            break;
        }
        for process in &tree {
            // Checked just before: a process that has gone since the look leaves its id free.
            if is_running(*process) {
                // No libc here: the `kill` utility, with one pid at a time.
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", &process.pid.to_string()])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status();
            }
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while tree.iter().any(|&process| is_running(process)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // Nothing writes into `dir` any more; a few tries still, in case a kill was refused.
    for _ in 0..40 {
        match std::fs::remove_dir_all(dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(25));
            }
            _ => return,
        }
    }
}

/// Every running process (zombies left out): itself, its parent's id, and whether its
/// command line names `dir`.
#[cfg(target_os = "linux")]
fn processes(dir: &Path) -> Vec<(Process, u32, bool)> {
    let needle = dir.display().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let stat = Stat::read(pid)?;
            if !stat.running {
                return None;
            }
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let names_dir = cmdline
                .split(|&b| b == 0)
                .filter_map(|arg| std::str::from_utf8(arg).ok())
                .map(|arg| match arg.split_once('=') {
                    Some((flag, value)) if flag.starts_with("--") => value,
                    _ => arg,
                })
                .any(|path| {
                    path.strip_prefix(needle.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                });
            let process = Process {
                pid,
                started: stat.started,
            };
            Some((process, stat.parent, names_dir))
        })
        .collect()
}

/// The running processes naming `dir`, and all their running descendants.
fn users_and_descendants(dir: &Path) -> Vec<Process> {
    #[cfg(target_os = "linux")]
    {
        let me = std::process::id();
        let all = processes(dir);
        let mut tree: HashSet<u32> = all
            .iter()
            .filter(|(process, _, names_dir)| *names_dir && process.pid != me)
            .map(|(process, _, _)| process.pid)
            .collect();
        loop {
            let before = tree.len();
            for (process, parent, _) in &all {
                if tree.contains(parent) && process.pid != me {
                    tree.insert(process.pid);
                }
            }
            if tree.len() == before {
                break;
            }
        }
        all.into_iter()
            .map(|(process, _, _)| process)
            .filter(|process| tree.contains(&process.pid))
            .collect()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        Vec::new()
    }
}

/// Whether `process` still runs: its id exists, with the same start time, and is not a zombie.
fn is_running(process: Process) -> bool {
    Stat::read(process.pid).is_some_and(|stat| stat.running && stat.started == process.started)
}

/// What this module reads of `/proc/PID/stat`.
struct Stat {
    /// Some thread of the process is neither a zombie (`Z`) nor dead (`X`). The main thread
    /// alone does not tell: killed, it can be a zombie while the others still exit, and the
    /// process still holds its memory and files.
    running: bool,
    parent: u32,
    /// Clock ticks after boot.
    started: u64,
}

impl Stat {
    fn read(pid: u32) -> Option<Stat> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `pid (command) state ppid ... starttime ...`: the command may hold spaces and
        // parentheses; the start time is the 22nd field, the 20th after the command.
        let fields: Vec<&str> = stat
            .get(stat.rfind(')')? + 1..)?
            .split_whitespace()
            .collect();
        let running = is_alive_state(fields.first()?) || any_thread_alive(pid);
        Some(Stat {
            running,
            parent: fields.get(1)?.parse().ok()?,
            started: fields.get(19)?.parse().ok()?,
        })
    }
}

/// Whether a `/proc` state letter is a living thread's (not a zombie's nor a dead one's).
fn is_alive_state(state: &str) -> bool {
    !matches!(state, "Z" | "X" | "x")
}

/// Whether a thread of process `pid` is still alive (`/proc/PID/task/TID/stat`).
fn any_thread_alive(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.flatten().any(|task| {
        std::fs::read_to_string(task.path().join("stat"))
            .ok()
            .and_then(|stat| {
                let state = stat
                    .get(stat.rfind(')')? + 1..)?
                    .split_whitespace()
                    .next()?;
                Some(is_alive_state(state))
            })
            .unwrap_or(false)
    })
}
