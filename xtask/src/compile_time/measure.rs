//! The sanity check (both crates declare the same thing) and the clean and incremental builds,
//! alternating.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::workspace::build_with_fallback;
use super::{Layout, Options, cargo, declarations, log};
use crate::error::{Error, Result};
use crate::process;
use crate::stats::{fixed, median};

const FORMS: [&str; 2] = ["macro", "plain"];

/// Prebuilds both crates (and so every dependency); returns whether cargo may stay offline.
pub fn prebuild(layout: &Layout, options: &Options, offline: bool) -> Result<bool> {
    log("prebuilding the dependencies and both crates");
    let log_file = layout.logs.join("prebuild.log");
    let mut offline = offline;
    for form in FORMS {
        offline = build_with_fallback(
            layout,
            options,
            offline,
            &|c| {
                c.args(["-p", &format!("decl-{form}")]);
            },
            &log_file,
        )?;
    }
    Ok(offline)
}

/// Checks that both crates register `declarations` declarations and render byte-identical
/// policies; returns the report's sentence.
pub fn check(layout: &Layout, options: &Options, offline: bool) -> Result<String> {
    let offline = prebuild(layout, options, offline)?;
    log(&format!(
        "checking that both crates register the same {} declarations and the same policy",
        options.declarations
    ));
    let mut policies = Vec::new();
    for form in FORMS {
        let mut run = cargo(layout, options, offline, "run");
        run.args(["-q", "-p", &format!("decl-{form}"), "--example", "policy"]);
        let policy = process::stdout_of(&mut run)?;
        let path = layout.out.join(format!("policy-{form}.txt"));
        std::fs::write(&path, &policy).map_err(Error::io(&path))?;
        let count = policy.lines().next().unwrap_or_default();
        if count != options.declarations.to_string() {
            return Err(Error::Unexpected(format!(
                "decl-{form} registers {count} declarations, not {}",
                options.declarations
            )));
        }
        policies.push(policy);
    }
    if policies[0] != policies[1] {
        return Err(Error::Unexpected(format!(
            "decl-macro and decl-plain render different policies: compare {0}/policy-macro.txt and {0}/policy-plain.txt",
            layout.out.display()
        )));
    }
    let statics = std::fs::read_to_string(layout.out.join("expanded-macro.rs"))
        .unwrap_or_default()
        .matches("static DECLARATION")
        .count();
    Ok(format!(
        "\nSanity check: decl-plain is the compiler's expansion of decl-macro (`-Zunpretty=expanded`, {statics} declaration statics); \
         both crates register {} declarations (`Registry::global().len()`, `validate()` passes) and render byte-identical \
         JSON policies in en and fr ({} bytes).\n",
        options.declarations,
        policies[0].len()
    ))
}

/// Changes the English purpose of the middle declaration, in the same place in both crates (a
/// new text each round, so that every incremental build has something to do).
pub fn edit(layout: &Layout, options: &Options, form: &str, round: usize) -> Result<()> {
    let mid = options.declarations / 2;
    let per = options.declarations.div_ceil(options.modules);
    let file = layout
        .ws
        .join(format!("decl-{form}/src/m{:02}.rs", mid / per));
    let text = std::fs::read_to_string(&file).map_err(Error::io(&file))?;
    let purpose = declarations::english_purpose(mid);
    // "To ... (0500)" becomes "To ... (0500, edit R)"; a later edit replaces the round.
    let stem = purpose.strip_suffix(')').unwrap_or(&purpose);
    let quoted = format!("\"{stem}");
    let start = text.find(&quoted).ok_or_else(|| {
        Error::Unexpected(format!("{}: no \"{purpose}\" to edit", file.display()))
    })?;
    let end = text[start + 1..]
        .find('"')
        .map(|e| start + 1 + e + 1)
        .unwrap_or(text.len());
    let edited = format!(
        "{}{quoted}, edit {round})\"{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&file, edited).map_err(Error::io(&file))
}

/// One build's times, in seconds.
#[derive(Clone, Copy)]
struct Times {
    wall: f64,
    cpu: f64,
}

pub fn measure(layout: &Layout, options: &Options, offline: bool) -> Result<String> {
    let mut builds: BTreeMap<(usize, &str, &str), Times> = BTreeMap::new();
    let mut tsv = String::new();
    for round in 1..=options.rounds {
        // Odd rounds macro first, even rounds plain first: neither always runs on a warm cache.
        let order = if round % 2 == 1 {
            FORMS
        } else {
            [FORMS[1], FORMS[0]]
        };
        for kind in ["clean", "incremental"] {
            for form in order {
                let package = format!("decl-{form}");
                if kind == "clean" {
                    let mut clean = cargo(layout, options, offline, "clean");
                    clean.args(["-q", "-p", &package]);
                    process::run_logged(&mut clean, &layout.logs.join("clean.log"))?;
                } else {
                    edit(layout, options, form, round)?;
                }
                let mut build = cargo(layout, options, offline, "build");
                build.args(["-p", &package]);
                let (wall, cpu) =
                    process::timed(&mut build, &layout.logs.join(format!("build-{form}.log")))?;
                log(&format!(
                    "round {round}/{}: {kind} build of {package}: {wall:.2}s (CPU {cpu:.2}s)",
                    options.rounds
                ));
                let _ = writeln!(tsv, "{round}\t{kind}\t{form}\t{wall:.3}\t{cpu:.3}");
                builds.insert((round, kind, form), Times { wall, cpu });
            }
        }
    }
    let path = layout.out.join("builds.tsv");
    std::fs::write(&path, &tsv).map_err(Error::io(&path))?;

    let rel = layout.rel();
    let n = options.declarations;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## Declaring crate: {n} declarations with `#[cookie]` (decl-macro) vs the compiler's expansion of them (decl-plain)\n"
    );
    let _ = writeln!(
        out,
        "Commands, in {rel}/ws with CARGO_TARGET_DIR={rel}/cargo, dependencies"
    );
    let _ = writeln!(
        out,
        "prebuilt: clean, `cargo clean -p decl-X && cargo build -p decl-X`; incremental, after changing one"
    );
    let _ = writeln!(
        out,
        "purpose text (declaration {}), `cargo build -p decl-X`. Wall time of the `cargo build`.",
        n / 2
    );
    let _ = writeln!(
        out,
        "{} rounds, macro and plain alternating (odd rounds macro first, even rounds plain first).\n",
        options.rounds
    );
    let _ = writeln!(
        out,
        "| build | time | median macro (s) | median plain (s) | ratio of medians | median of per-round ratios | per-round ratios (macro/plain) |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---|");
    for kind in ["clean", "incremental"] {
        for (metric, pick) in [
            ("wall", (|t: Times| t.wall) as fn(Times) -> f64),
            ("CPU", |t: Times| t.cpu),
        ] {
            let of = |form: &str| -> Vec<f64> {
                (1..=options.rounds)
                    .filter_map(|r| builds.get(&(r, kind, form)).map(|t| pick(*t)))
                    .collect()
            };
            let (macro_, plain) = (of("macro"), of("plain"));
            let per_round: Vec<f64> = macro_.iter().zip(&plain).map(|(m, p)| m / p).collect();
            let (mm, mp) = (median(&macro_), median(&plain));
            let rounded: Vec<String> = per_round.iter().map(|r| format!("{r:.2}")).collect();
            let _ = writeln!(
                out,
                "| {kind} | {metric} | {} | {} | {} | {} | {} |",
                fixed(mm, 2),
                fixed(mp, 2),
                crate::stats::ratio(mm, mp, 2),
                fixed(median(&per_round), 2),
                rounded.join(" ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\nWall: the `cargo build` from start to end. CPU: user + system time of cargo and the rustc it ran"
    );
    let _ = writeln!(
        out,
        "(`cutime` + `cstime` of /proc/self/stat, to the clock tick), which other work on a shared machine disturbs less than wall time.\n"
    );
    let _ = writeln!(out, "Every build, wall (CPU), s:\n");
    let _ = writeln!(
        out,
        "| round | clean macro | clean plain | incremental macro | incremental plain |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|");
    for round in 1..=options.rounds {
        let cell = |kind, form| {
            builds
                .get(&(round, kind, form))
                .map_or("–".into(), |t| format!("{:.2} ({:.2})", t.wall, t.cpu))
        };
        let _ = writeln!(
            out,
            "| {round} | {} | {} | {} | {} |",
            cell("clean", "macro"),
            cell("clean", "plain"),
            cell("incremental", "macro"),
            cell("incremental", "plain")
        );
    }
    let size = |form: &str| -> (usize, usize) {
        let src = layout.ws.join(format!("decl-{form}/src"));
        let mut lines_bytes = (0, 0);
        for entry in std::fs::read_dir(src).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            lines_bytes.0 += text.lines().count();
            lines_bytes.1 += text.len();
        }
        lines_bytes
    };
    let ((ml, mb), (pl, pb)) = (size("macro"), size("plain"));
    let _ = writeln!(
        out,
        "\nSource size: decl-macro {ml} lines ({mb} bytes); decl-plain {pl} lines ({pb} bytes)."
    );
    Ok(out)
}
