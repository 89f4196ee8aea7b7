//! `cookie-registry-audit`: the command line. `--help` lists the options and exit codes.

mod args;
mod progress;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use cookie_registry_audit::Audit;
use cookie_registry_audit::browser::{Browser, BrowserOptions};
use cookie_registry_audit::policy::PolicySource;

use args::{Command, Options};

fn main() -> ExitCode {
    let options = match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Audit(options)) => options,
        Ok(Command::Help) => {
            print!("{}", args::HELP);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("cookie-registry-audit {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\nRun `cookie-registry-audit --help` for the options.");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(&options)) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run(options: &Options) -> Result<u8, String> {
    let mut browser_options = BrowserOptions::default();
    if let Some(path) = &options.chromium {
        browser_options = browser_options.chromium(path);
    }
    if let Some(path) = &options.chromedriver {
        browser_options = browser_options.chromedriver(path);
    }
    let browser = Browser::launch(&browser_options)
        .await
        .map_err(|e| e.to_string())?;
    let declarations = PolicySource::parse(&options.policy)
        .load(&browser)
        .await
        .map_err(|e| e.to_string())?;
    let audit =
        options.apply(Audit::new(&options.start[0], declarations).map_err(|e| e.to_string())?)?;
    let report = if options.progress && std::io::stderr().is_terminal() {
        let mut bar = progress::Bar::new();
        let report = audit.run_with(&browser, &mut bar).await;
        bar.clear();
        report
    } else {
        audit.run(&browser).await
    }
    .map_err(|e| e.to_string())?;
    let text = report.render(options.format());
    match &options.output {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!(
                "{} serious, {} warnings; report written to {}",
                report.summary.serious,
                report.summary.warnings,
                path.display()
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write the report: {e}"))?;
        }
    }
    Ok(u8::try_from(report.exit_code()).unwrap_or(2))
}
