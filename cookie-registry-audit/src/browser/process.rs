//! Stopping the Chromium processes of a profile, by process id.
//!
//! chromedriver quits Chromium when a session ends properly. When it does not (a test panics
//! before closing its session, chromedriver is killed), Chromium keeps running with nobody to
//! stop it. Every Chromium started here has `--user-data-dir=<a directory of ours>` on its
//! command line, and the directory's name holds this process's id: those processes and their
//! descendants (renderers, the network service, the crash handler) are found in `/proc` and
//! killed by pid. Nothing else is touched.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// Kills every process with an argument that is `dir` or a path inside it (alone or after
/// `--flag=`), and their descendants; waits (at most five seconds) until they are gone; then
/// removes `dir`. Linux only for the processes (it reads `/proc`); elsewhere it only removes
/// the directory.
pub(super) fn kill_users_and_remove(dir: &Path) {
    let tree = users_and_descendants(dir);
    for &pid in &tree {
        // No libc here: the `kill` utility, with one pid at a time.
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while tree.iter().any(|&pid| is_running(pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // A process this missed may still write a file or two: try again briefly.
    for _ in 0..40 {
        match std::fs::remove_dir_all(dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(25));
            }
            _ => return,
        }
    }
}

/// `(pid, parent pid)` of every process, and whether its command line names `dir`.
#[cfg(target_os = "linux")]
fn processes(dir: &Path) -> Vec<(u32, u32, bool)> {
    let needle = dir.display().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // `pid (command) state ppid ...`: the command may hold spaces and parentheses.
            let mut fields = stat.get(stat.rfind(')')? + 1..)?.split_whitespace();
            let _state = fields.next()?;
            let parent = fields.next()?.parse::<u32>().ok()?;
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
            Some((pid, parent, names_dir))
        })
        .collect()
}

/// The processes naming `dir`, and all their descendants.
fn users_and_descendants(dir: &Path) -> Vec<u32> {
    #[cfg(target_os = "linux")]
    {
        let me = std::process::id();
        let all = processes(dir);
        let mut tree: HashSet<u32> = all
            .iter()
            .filter(|(pid, _, names_dir)| *names_dir && *pid != me)
            .map(|(pid, _, _)| *pid)
            .collect();
        loop {
            let before = tree.len();
            for (pid, parent, _) in &all {
                if tree.contains(parent) && *pid != me {
                    tree.insert(*pid);
                }
            }
            if tree.len() == before {
                break;
            }
        }
        tree.into_iter().collect()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        Vec::new()
    }
}

/// Whether `pid` exists and is not a zombie.
fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = stat.get(stat.rfind(')')? + 1..)?;
            rest.split_whitespace().next().map(|state| state != "Z")
        })
        .unwrap_or(false)
}
