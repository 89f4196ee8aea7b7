//! Stopping the Chromium processes of a profile, by process id.
//!
//! chromedriver quits Chromium when a session ends properly. When it does not (a test panics
//! before closing its session, chromedriver is killed), Chromium keeps running with nobody to
//! stop it. Every Chromium started here has `--user-data-dir=<a directory of ours>` on its
//! command line, so it can be found and killed by pid, and nothing else is touched.

use std::path::Path;

/// Kills every process whose command line has `--user-data-dir=` followed by `dir` or a path
/// inside it. Linux only (it reads `/proc`); elsewhere it does nothing.
pub(super) fn kill_users_of(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        let needle = format!("--user-data-dir={}", dir.display());
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return;
        };
        let me = std::process::id();
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|name| name.parse::<u32>().ok())
            else {
                continue;
            };
            if pid == me {
                continue;
            }
            let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            let uses_dir = cmdline
                .split(|&b| b == 0)
                .filter_map(|arg| std::str::from_utf8(arg).ok())
                .any(|arg| {
                    arg.strip_prefix(needle.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                });
            if uses_dir {
                // No libc here: the `kill` utility, with this one pid.
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status();
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}
