//! One status line on a terminal's standard error, redrawn in place.
//!
//! Hand-rolled rather than indicatif: the audit's progress is one line of text (state, page
//! count, URL), and indicatif would bring its own terminal and width crates for that.

use std::io::Write;

use cookie_registry_audit::report::StateRun;
use cookie_registry_audit::{ConsentChoice, Progress};

pub(crate) struct Bar {
    state: String,
    width: usize,
}

impl Bar {
    pub(crate) fn new() -> Bar {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100usize)
            .clamp(40, 300);
        Bar {
            state: String::new(),
            width,
        }
    }

    fn draw(&self, line: &str) {
        let line: String = line.chars().take(self.width - 1).collect();
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K{line}");
        let _ = stderr.flush();
    }

    pub(crate) fn clear(&self) {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K");
        let _ = stderr.flush();
    }
}

impl Progress for Bar {
    fn state_started(&mut self, state: ConsentChoice, index: usize, count: usize) {
        self.state = format!("[{}/{count}] {}", index + 1, state.label());
        self.draw(&format!("{}: starting Chromium", self.state));
    }

    fn page(&mut self, url: &str, number: usize, max: usize) {
        let filled = (number * 20).div_ceil(max.max(1)).min(20);
        self.draw(&format!(
            "{} [{}{}] page {number}/{max} {url}",
            self.state,
            "#".repeat(filled),
            " ".repeat(20 - filled)
        ));
    }

    fn state_finished(&mut self, run: &StateRun) {
        self.clear();
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "{}: {} pages in {:.1} s{}",
            self.state,
            run.pages.len(),
            run.seconds,
            run.error
                .as_deref()
                .map(|e| format!(" (error: {e})"))
                .unwrap_or_default()
        );
    }
}
