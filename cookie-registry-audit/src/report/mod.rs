//! The audit's result: what was visited, what the browser held, the findings; as JSON,
//! Markdown or HTML.

mod html;
mod markdown;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::consent::{ConsentChoice, Phase};
use crate::findings::{Finding, InventoryEntry, Severity};
use crate::observe::{FrameVisit, Seen};

/// The version of the JSON report's schema (`schema_version`). Fields may be added without a
/// change; renaming or removing one changes it.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// A report format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReportFormat {
    /// Markdown (GitHub flavoured tables), for a terminal, a CI log or a pull request.
    #[default]
    Markdown,
    /// A standalone HTML page.
    Html,
    /// The whole [`AuditReport`] as JSON, every page and item included.
    Json,
}

impl FromStr for ReportFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<ReportFormat, String> {
        match text {
            "md" | "markdown" => Ok(ReportFormat::Markdown),
            "html" => Ok(ReportFormat::Html),
            "json" => Ok(ReportFormat::Json),
            other => Err(format!(
                "`{other}` is not a report format: use md, html or json"
            )),
        }
    }
}

/// One visit of a page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageVisit {
    /// The URL asked for.
    pub url: String,
    /// The URL the browser ended on (after redirects).
    pub landed: String,
    /// Links from a start page.
    pub depth: u32,
    /// The phase within the consent state.
    pub phase: Phase,
    /// What the audit did to get here besides following a link ("clicked \"accept all\"").
    pub action: Option<String>,
    /// The page's frames, the top one first.
    pub frames: Vec<FrameVisit>,
    /// Everything the browser held after the page, every site's cookies included.
    pub items: Vec<Seen>,
    /// What the browser held after the previous page and no longer holds.
    pub removed: Vec<String>,
    /// Why the page could not be loaded or read.
    pub error: Option<String>,
}

/// One consent state's visit of the site.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateRun {
    /// The state.
    pub state: ConsentChoice,
    /// How the choice was made: `banner`, `cookie`, or `none`.
    pub method: String,
    /// The pages, in visiting order.
    pub pages: Vec<PageVisit>,
    /// Why the crawl stopped before the site's links ran out (page or time limit).
    pub truncated: Option<String>,
    /// Why the state could not be audited (fully or at all).
    pub error: Option<String>,
    /// How long it took.
    pub seconds: f64,
}

/// The declarations the audit compared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicySummary {
    /// `registry`, a file or a URL.
    pub source: String,
    /// The policy revision, when known.
    pub revision: Option<String>,
    /// How many declarations.
    pub declarations: usize,
}

/// The counts at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Serious findings.
    pub serious: usize,
    /// Warnings.
    pub warnings: usize,
    /// Page visits, every state together.
    pub page_visits: usize,
    /// Whether a state could not be audited completely (see each state's `error`).
    pub incomplete: bool,
}

/// The limits the crawl ran with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Pages per consent state.
    pub max_pages: usize,
    /// Links from a start page.
    pub max_depth: u32,
    /// Seconds for the whole audit.
    pub timeout_seconds: u64,
    /// Excluded paths.
    pub exclude: Vec<String>,
}

/// Everything an audit found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditReport {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `cookie-registry-audit`.
    pub tool: String,
    /// This crate's version.
    pub version: String,
    /// The audited site (the first start page's origin).
    pub site: String,
    /// The start pages.
    pub start: Vec<String>,
    /// The hosts counted as the site's own.
    pub first_party: Vec<String>,
    /// What was compared with.
    pub policy: PolicySummary,
    /// The limits.
    pub limits: Limits,
    /// When the audit started, Unix seconds.
    pub started_at: u64,
    /// How long it took.
    pub seconds: f64,
    /// The counts.
    pub summary: Summary,
    /// The findings, serious first.
    pub findings: Vec<Finding>,
    /// Every distinct item the browser held, in any state.
    pub inventory: Vec<InventoryEntry>,
    /// Every consent state's pages.
    pub states: Vec<StateRun>,
}

impl AuditReport {
    /// Whether any finding is serious: the audit fails.
    pub fn has_serious_findings(&self) -> bool {
        self.summary.serious > 0
    }

    /// The findings of a severity.
    pub fn findings_of(&self, severity: Severity) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    /// The exit status of the command-line tool: 0 when clean (warnings allowed), 1 with a
    /// serious finding, 2 when a state could not be audited and nothing serious was found.
    pub fn exit_code(&self) -> i32 {
        if self.has_serious_findings() {
            1
        } else if self.summary.incomplete {
            2
        } else {
            0
        }
    }

    /// The report in `format`.
    pub fn render(&self, format: ReportFormat) -> String {
        match format {
            ReportFormat::Markdown => markdown::render(self),
            ReportFormat::Html => html::render(self),
            ReportFormat::Json => {
                let mut text =
                    serde_json::to_string_pretty(self).expect("the report serialises to JSON");
                text.push('\n');
                text
            }
        }
    }
}

impl fmt::Display for AuditReport {
    /// The Markdown report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&markdown::render(self))
    }
}

/// What each format says about the audit's reach, once.
pub(crate) const LIMITS_TEXT: &[&str] = &[
    "Only what Chromium held is reported: another browser, a logged-in visitor or a page the crawl \
     did not reach may hold more.",
    "A cookie written during a page is attributed to the responses whose `Set-Cookie` named it and \
     to the hooked script writes of that name; when both wrote it, both are listed. Service workers \
     and workers are not hooked: their writes show as `unknown`.",
    "Frames of other sites are kept in the page's process (site isolation off) so that the hooks \
     run in them before their scripts.",
];
