//! The Markdown report.

use std::fmt::Write as _;

use super::{AuditReport, LIMITS_TEXT};
use crate::consent::Phase;
use crate::findings::{Finding, Severity, duration};
use crate::observe::Source;

/// A table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The first occurrence's page, and how many more.
pub(super) fn first_seen(finding: &Finding) -> String {
    match finding.occurrences.first() {
        None => "—".to_string(),
        Some(first) => {
            let more = finding.total_occurrences.saturating_sub(1);
            let mut text = format!("{}: {}", first.state.label(), first.page);
            if more > 0 {
                let _ = write!(
                    text,
                    " (and {more} more page visit{})",
                    if more == 1 { "" } else { "s" }
                );
            }
            text
        }
    }
}

/// The first occurrence's sources in one line.
pub(super) fn set_by(sources: &[Source]) -> String {
    if sources.is_empty() {
        return "—".to_string();
    }
    sources
        .iter()
        .map(Source::summary)
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn headline(report: &AuditReport) -> String {
    let serious = report.summary.serious;
    let warnings = report.summary.warnings;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if serious > 0 {
        format!(
            "FAIL: {}, {}",
            plural(serious, "serious finding"),
            plural(warnings, "warning")
        )
    } else if report.summary.incomplete {
        format!(
            "INCOMPLETE: no serious finding in what could be audited, {}",
            plural(warnings, "warning")
        )
    } else {
        format!("PASS: no serious finding, {}", plural(warnings, "warning"))
    }
}

pub(super) fn render(report: &AuditReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Cookie audit of {}\n", report.site);
    let _ = writeln!(out, "**{}**\n", headline(report));
    let _ = writeln!(
        out,
        "{} consent states, {} page visits, {:.1} s. Declarations: {} ({} declared{}). \
         First-party hosts: {}.\n",
        report.states.len(),
        report.summary.page_visits,
        report.seconds,
        report.policy.source,
        report.policy.declarations,
        report
            .policy
            .revision
            .as_deref()
            .map(|r| format!(", revision {r}"))
            .unwrap_or_default(),
        report.first_party.join(", "),
    );

    out.push_str("## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| # | Severity | Finding | Item | First seen | Set by |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for (n, finding) in report.findings.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} | {} | {} |",
                n + 1,
                finding.severity,
                finding.kind,
                cell(&finding.item),
                if finding.third_party {
                    " (third party)"
                } else {
                    ""
                },
                cell(&first_seen(finding)),
                cell(&set_by(finding.first_sources())),
            );
        }
        out.push('\n');
        for (n, finding) in report.findings.iter().enumerate() {
            let _ = writeln!(out, "{}. **{}**: {}", n + 1, finding.kind, finding.message);
            if let Some(declaration) = &finding.declaration {
                let _ = writeln!(out, "   Declaration: {declaration}.");
            }
            if finding.severity == Severity::Serious {
                for occurrence in finding.occurrences.iter().take(3) {
                    let _ = writeln!(
                        out,
                        "   - {}{}: after {}{}; set by {}",
                        occurrence.state.label(),
                        match occurrence.phase {
                            Phase::Consented => String::new(),
                            phase => format!(" ({})", phase.label()),
                        },
                        occurrence.page,
                        occurrence
                            .set_on
                            .as_deref()
                            .filter(|p| *p != occurrence.page)
                            .map(|p| format!(", written during {p}"))
                            .unwrap_or_default(),
                        set_by(&occurrence.sources),
                    );
                    if let Some(Source::Script { stack, .. }) = occurrence.sources.first()
                        && stack.len() > 1
                    {
                        let _ = writeln!(out, "     stack: {}", stack.join(" ← "));
                    }
                }
            }
        }
        out.push('\n');
    }

    out.push_str("## What the browser held\n\n");
    if report.inventory.is_empty() {
        out.push_str("Nothing.\n\n");
    } else {
        out.push_str("| Item | Name | Where | Declared as | States | Set by |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for item in &report.inventory {
            let mut place = item.location.clone();
            if let Some(partition) = &item.partition {
                let _ = write!(place, " (partitioned under {partition})");
            }
            if item.third_party {
                place.push_str(" (third party)");
            }
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} |",
                item.storage.noun(),
                cell(&item.name).replace('`', "'"),
                cell(&place),
                item.declared_as.as_deref().map_or_else(
                    || "**undeclared**".to_string(),
                    |d| format!(
                        "`{}` ({})",
                        cell(d).replace('`', "'"),
                        item.category.as_deref().unwrap_or_default()
                    )
                ),
                item.states
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                cell(&set_by(&item.sources)),
            );
        }
        out.push('\n');
    }

    out.push_str("## Consent states\n\n");
    out.push_str("| State | Choice made by | Pages | Time | Notes |\n|---|---|---|---|---|\n");
    for run in &report.states {
        let mut notes = Vec::new();
        if let Some(error) = &run.error {
            notes.push(format!("error: {error}"));
        }
        if let Some(truncated) = &run.truncated {
            notes.push(format!("stopped: {truncated}"));
        }
        let failed = run.pages.iter().filter(|p| p.error.is_some()).count();
        if failed > 0 {
            notes.push(format!("{failed} pages could not be read"));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            run.state.label(),
            run.method,
            run.pages.len(),
            duration(run.seconds),
            cell(&notes.join("; ")),
        );
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "Limits: {} pages per state, depth {}, {} s in all; excluded: {}.\n",
        report.limits.max_pages,
        report.limits.max_depth,
        report.limits.timeout_seconds,
        if report.limits.exclude.is_empty() {
            "nothing".to_string()
        } else {
            report.limits.exclude.join(", ")
        }
    );
    out.push_str("## What this audit cannot see\n\n");
    for line in LIMITS_TEXT {
        let _ = writeln!(out, "- {line}");
    }
    out
}
