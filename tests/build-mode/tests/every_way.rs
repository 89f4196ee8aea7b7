//! The `every-way` fixture: one line per way of setting a cookie, each annotated with the verdict
//! the build step must give on that line (`// expect: undeclared "name"`, `// expect: unverifiable`
//! or `// expect: ok`). The fixture is built with cargo; every verdict must appear on its line, and
//! no finding anywhere else.

use std::collections::BTreeMap;

use test_build_mode::{build, fixture_dir, stderr};

const PACKAGE: &str = "fixture-every-way@0.0.0: ";
const FILE: &str = "src/main.rs";

#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    Ok,
    Undeclared(String),
    Unverifiable,
}

/// The `// expect:` annotations of the fixture's `src/main.rs`, by line.
fn expected() -> BTreeMap<usize, Verdict> {
    let source = std::fs::read_to_string(fixture_dir("every-way").join(FILE)).unwrap();
    let mut expected = BTreeMap::new();
    for (index, line) in source.lines().enumerate() {
        let Some((_, annotation)) = line.split_once("// expect: ") else {
            continue;
        };
        let verdict = if annotation.starts_with("ok") {
            Verdict::Ok
        } else if annotation.starts_with("unverifiable") {
            Verdict::Unverifiable
        } else if let Some(quoted) = annotation.strip_prefix("undeclared \"") {
            let name = quoted
                .split_once('"')
                .unwrap_or_else(|| panic!("line {}: unclosed name: {line}", index + 1))
                .0;
            Verdict::Undeclared(name.to_string())
        } else {
            panic!("line {}: unknown verdict: {line}", index + 1);
        };
        expected.insert(index + 1, verdict);
    }
    expected
}

/// What a finding's message says, as a verdict; `None` for any other message (a finding that has
/// no place in this fixture).
fn verdict_of(message: &str) -> Option<Verdict> {
    if message.starts_with("a cookie with an empty name is set here") {
        return Some(Verdict::Undeclared(String::new()));
    }
    if message.starts_with("a cookie is set here (") {
        return Some(Verdict::Unverifiable);
    }
    let name = message
        .strip_prefix("cookie `")?
        .split_once("` is set here (")?
        .0;
    message
        .contains("but not declared")
        .then(|| Verdict::Undeclared(name.to_string()))
}

#[test]
fn every_way_of_setting_a_cookie_gets_its_verdict_on_its_line() {
    let expected = expected();
    assert!(
        expected.len() > 40,
        "the fixture's annotations were not read"
    );
    let output = build("every-way");
    let stderr = stderr(&output);
    assert!(
        output.status.success(),
        "the fixture must compile (its undeclared cookies are warnings):\n{stderr}"
    );

    let mut found: BTreeMap<usize, Vec<Verdict>> = BTreeMap::new();
    let mut problems = Vec::new();
    for line in stderr.lines() {
        let Some((_, finding)) = line.split_once(PACKAGE) else {
            continue;
        };
        let mut parts = finding.splitn(4, ':');
        let (Some(file), Some(line_number), Some(_column), Some(message)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            problems.push(format!("unexpected output: {line}"));
            continue;
        };
        let (Ok(line_number), Some(verdict)) = (
            line_number.parse::<usize>(),
            verdict_of(message.trim_start()),
        ) else {
            problems.push(format!("unexpected finding: {line}"));
            continue;
        };
        if file != FILE {
            problems.push(format!("a finding outside {FILE}: {line}"));
        }
        found.entry(line_number).or_default().push(verdict);
    }

    for (line, verdict) in &expected {
        let here = found.remove(line).unwrap_or_default();
        let wanted = match verdict {
            Verdict::Ok => vec![],
            other => vec![other.clone()],
        };
        if here != wanted {
            problems.push(format!("line {line}: expected {wanted:?}, found {here:?}"));
        }
    }
    for (line, verdicts) in found {
        problems.push(format!(
            "line {line}: no `// expect:` annotation, found {verdicts:?}"
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}\n\ncargo's output:\n{stderr}",
        problems.len(),
        problems.join("\n")
    );
}
