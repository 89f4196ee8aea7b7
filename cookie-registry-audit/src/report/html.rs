//! The HTML report: one standalone page, every text escaped.

use std::fmt::Write as _;

use super::markdown::{first_seen, headline, set_by};
use super::{AuditReport, LIMITS_TEXT};
use crate::findings::{Severity, duration};

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text whose `` `code` `` spans become `<code>` elements.
fn rich(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:80rem;\
padding:0 1rem;color:#1b1b1b}table{border-collapse:collapse;width:100%;margin:1rem 0}\
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#f2f2f2}code{font-size:.9em;background:#f5f5f5;padding:0 .2em}\
.serious{color:#a10000;font-weight:600}.warning{color:#7a5200}.verdict{font-size:1.2rem;\
font-weight:700}.fail{color:#a10000}.pass{color:#145a14}.incomplete{color:#7a5200}\
td.wrap{word-break:break-all}ul.stack{margin:.2rem 0;font-size:.85em}";

pub(super) fn render(report: &AuditReport) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Cookie audit of {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Cookie audit of {}</h1>\n",
        escape(&report.site),
        escape(&report.site)
    );
    let verdict_class = if report.summary.serious > 0 {
        "fail"
    } else if report.summary.incomplete {
        "incomplete"
    } else {
        "pass"
    };
    let _ = writeln!(
        out,
        "<p class=\"verdict {verdict_class}\">{}</p>",
        escape(&headline(report))
    );
    let _ = writeln!(
        out,
        "<p>{} consent states, {} page visits, {:.1}&nbsp;s. Declarations: {} ({} declared{}). \
         First-party hosts: {}.</p>",
        report.states.len(),
        report.summary.page_visits,
        report.seconds,
        escape(&report.policy.source),
        report.policy.declarations,
        report
            .policy
            .revision
            .as_deref()
            .map(|r| format!(", revision <code>{}</code>", escape(r)))
            .unwrap_or_default(),
        escape(&report.first_party.join(", ")),
    );

    out.push_str("<h2>Findings</h2>\n");
    if report.findings.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>#</th><th>Severity</th><th>Finding</th><th>Details</th>\
             <th>First seen</th><th>Set by</th></tr></thead>\n<tbody>\n",
        );
        for (n, finding) in report.findings.iter().enumerate() {
            let class = match finding.severity {
                Severity::Serious => "serious",
                Severity::Warning => "warning",
            };
            let mut sources = escape(&set_by(finding.first_sources()));
            if let Some(crate::observe::Source::Script { stack, .. }) =
                finding.first_sources().first()
                && stack.len() > 1
            {
                sources.push_str("<ul class=\"stack\">");
                for line in stack {
                    let _ = write!(sources, "<li>{}</li>", escape(line));
                }
                sources.push_str("</ul>");
            }
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td>{}{}</td>\
                 <td class=\"wrap\">{}</td><td class=\"wrap\">{sources}</td></tr>",
                n + 1,
                finding.severity,
                escape(finding.kind.label()),
                rich(&finding.message),
                finding
                    .declaration
                    .as_deref()
                    .map(|d| format!("<br><small>Declaration: {}</small>", rich(d)))
                    .unwrap_or_default(),
                escape(&first_seen(finding)),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str("<h2>What the browser held</h2>\n");
    if report.inventory.is_empty() {
        out.push_str("<p>Nothing.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>Item</th><th>Name</th><th>Where</th><th>Declared as</th>\
             <th>States</th><th>Set by</th></tr></thead>\n<tbody>\n",
        );
        for item in &report.inventory {
            let mut place = escape(&item.location);
            if let Some(partition) = &item.partition {
                let _ = write!(place, " (partitioned under {})", escape(partition));
            }
            if item.third_party {
                place.push_str(" (third party)");
            }
            let declared = item.declared_as.as_deref().map_or_else(
                || "<strong class=\"serious\">undeclared</strong>".to_string(),
                |d| {
                    format!(
                        "<code>{}</code> ({})",
                        escape(d),
                        escape(item.category.as_deref().unwrap_or_default())
                    )
                },
            );
            let states: Vec<String> = item.states.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td>{place}</td><td>{declared}</td>\
                 <td>{}</td><td class=\"wrap\">{}</td></tr>",
                escape(item.storage.noun()),
                escape(&item.name),
                escape(&states.join(", ")),
                escape(&set_by(&item.sources)),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    out.push_str(
        "<h2>Consent states</h2>\n<table>\n<thead><tr><th>State</th><th>Choice made by</th>\
         <th>Pages</th><th>Time</th><th>Notes</th></tr></thead>\n<tbody>\n",
    );
    for run in &report.states {
        let mut notes = Vec::new();
        if let Some(error) = &run.error {
            notes.push(format!("error: {error}"));
        }
        if let Some(truncated) = &run.truncated {
            notes.push(format!("stopped: {truncated}"));
        }
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&run.state.label()),
            escape(&run.method),
            run.pages.len(),
            escape(&duration(run.seconds)),
            escape(&notes.join("; ")),
        );
    }
    out.push_str("</tbody>\n</table>\n<h2>What this audit cannot see</h2>\n<ul>\n");
    for line in LIMITS_TEXT {
        let _ = writeln!(out, "<li>{}</li>", rich(line));
    }
    out.push_str("</ul>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_and_marks_code() {
        assert_eq!(
            super::rich("cookie `<x>` & \"y\""),
            "cookie <code>&lt;x&gt;</code> &amp; &quot;y&quot;"
        );
    }
}
