//! The command line, read with lexopt.

use std::path::PathBuf;
use std::time::Duration;

use cookie_registry_audit::browser::ThirdPartyCookies;
use cookie_registry_audit::{Audit, BannerSelectors, ConsentChoice, ConsentMethod, ReportFormat};

pub(crate) const HELP: &str = "\
cookie-registry-audit: crawl a site in headless Chromium, in several consent states, and compare
every cookie and storage item the browser holds with the site's declared cookie policy.

USAGE:
    cookie-registry-audit --policy FILE|URL [OPTIONS] URL...

ARGUMENTS:
    URL...                  start pages, all of one origin (links of that origin are followed)

OPTIONS:
    -p, --policy FILE|URL   the cookie policy as cookie-registry's JSON document (required)
    -f, --format FORMAT     md, html or json (default: from --output's extension, else md)
    -o, --output FILE       write the report there (default: standard output)
        --max-pages N       pages per consent state (default 50)
        --max-depth N       links followed from a start page (default 3)
        --timeout SECONDS   time limit of the whole audit (default 300)
        --exclude PATTERN   never visit: a path prefix (/admin) or a glob over path and query
                            (*.pdf); repeatable; /logout is always excluded
        --states LIST       consent states, comma-separated, in order: none, reject, accept,
                            withdraw, or a category alone (functionality, statistics, marketing)
                            (default: none, reject, each category of the policy, accept, withdraw)
        --consent METHOD    how choices are made: auto (default), banner or cookie
                            (cookie: write the consent cookie; needs the policy's revision)
        --accept CSS        the banner's \"accept all\" control
        --reject CSS        the banner's \"reject all\" control
        --category CSS      a category's checkbox, with {category} for its keyword
        --save CSS          the control that saves ticked categories
        --preferences PATH  where a choice is withdrawn (default /cookies/preferences)
        --settle MS         wait after each page's load event (default 150)
        --first-party HOST  count HOST and its subdomains as the site's own; repeatable
        --third-party-cookies allow|block
                            Chromium's setting (default allow, as Chrome's default)
        --chromium PATH     the browser (default /usr/bin/chromium, or $CHROMIUM)
        --chromedriver PATH its driver (default /usr/bin/chromedriver, or $CHROMEDRIVER)
        --no-progress       no progress line on a terminal
    -h, --help              this help
    -V, --version           the version

EXIT STATUS:
    0  no serious finding (warnings allowed)
    1  a serious finding: undeclared, set before consent, set after refusal, or still there
       after withdrawal (also when some consent state could not be audited)
    2  a usage or run-time error: the browser or the policy could not be used, or a consent
       state could not be audited and nothing serious was found in the others
";

/// What the command line asks for.
pub(crate) struct Options {
    pub(crate) start: Vec<String>,
    pub(crate) policy: String,
    pub(crate) format: Option<ReportFormat>,
    pub(crate) output: Option<PathBuf>,
    pub(crate) max_pages: Option<usize>,
    pub(crate) max_depth: Option<u32>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) exclude: Vec<String>,
    pub(crate) states: Option<Vec<ConsentChoice>>,
    pub(crate) consent: ConsentMethod,
    pub(crate) banner: BannerSelectors,
    pub(crate) settle: Option<Duration>,
    pub(crate) first_party: Vec<String>,
    pub(crate) third_party_cookies: ThirdPartyCookies,
    pub(crate) chromium: Option<PathBuf>,
    pub(crate) chromedriver: Option<PathBuf>,
    pub(crate) progress: bool,
}

/// What to do.
pub(crate) enum Command {
    Audit(Box<Options>),
    Help,
    Version,
}

impl Options {
    /// The format: asked for, else from the output file's extension, else Markdown.
    pub(crate) fn format(&self) -> ReportFormat {
        self.format.unwrap_or_else(|| {
            match self
                .output
                .as_ref()
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
            {
                Some("html" | "htm") => ReportFormat::Html,
                Some("json") => ReportFormat::Json,
                _ => ReportFormat::Markdown,
            }
        })
    }

    /// The audit's settings on top of `audit`'s defaults.
    pub(crate) fn apply(&self, mut audit: Audit) -> Result<Audit, String> {
        for url in &self.start[1..] {
            audit = audit.start_page(url).map_err(|e| e.to_string())?;
        }
        if let Some(pages) = self.max_pages {
            audit = audit.max_pages(pages);
        }
        if let Some(depth) = self.max_depth {
            audit = audit.max_depth(depth);
        }
        if let Some(timeout) = self.timeout {
            audit = audit.timeout(timeout);
        }
        for pattern in &self.exclude {
            audit = audit.exclude(pattern.clone());
        }
        if let Some(states) = &self.states {
            audit = audit.states(states.iter().copied());
        }
        if let Some(settle) = self.settle {
            audit = audit.settle(settle);
        }
        for host in &self.first_party {
            audit = audit.first_party(host);
        }
        let session = cookie_registry_audit::browser::SessionOptions::for_audit()
            .third_party_cookies(self.third_party_cookies);
        Ok(audit
            .consent_method(self.consent)
            .banner(self.banner.clone())
            .session_options(session))
    }
}

/// Reads the command line.
pub(crate) fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Command, String> {
    use lexopt::prelude::*;

    let mut parser = lexopt::Parser::from_args(args);
    let mut start = Vec::new();
    let mut policy = None;
    let mut options = Options {
        start: Vec::new(),
        policy: String::new(),
        format: None,
        output: None,
        max_pages: None,
        max_depth: None,
        timeout: None,
        exclude: Vec::new(),
        states: None,
        consent: ConsentMethod::Auto,
        banner: BannerSelectors::default(),
        settle: None,
        first_party: Vec::new(),
        third_party_cookies: ThirdPartyCookies::Allow,
        chromium: None,
        chromedriver: None,
        progress: true,
    };
    let error = |e: lexopt::Error| e.to_string();
    while let Some(arg) = parser.next().map_err(error)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Short('p') | Long("policy") => policy = Some(value(&mut parser, "--policy")?),
            Short('f') | Long("format") => {
                options.format = Some(value(&mut parser, "--format")?.parse()?)
            }
            Short('o') | Long("output") => {
                options.output = Some(value(&mut parser, "--output")?.into())
            }
            Long("max-pages") => {
                options.max_pages =
                    Some(number(&value(&mut parser, "--max-pages")?, "--max-pages")?)
            }
            Long("max-depth") => {
                options.max_depth =
                    Some(number(&value(&mut parser, "--max-depth")?, "--max-depth")?)
            }
            Long("timeout") => {
                options.timeout = Some(Duration::from_secs(number(
                    &value(&mut parser, "--timeout")?,
                    "--timeout",
                )?));
            }
            Long("exclude") => options.exclude.push(value(&mut parser, "--exclude")?),
            Long("states") => {
                let list = value(&mut parser, "--states")?;
                let states = list
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(str::parse)
                    .collect::<Result<Vec<ConsentChoice>, String>>()?;
                if states.is_empty() {
                    return Err("--states needs at least one state".into());
                }
                options.states = Some(states);
            }
            Long("consent") => options.consent = value(&mut parser, "--consent")?.parse()?,
            Long("accept") => options.banner.accept_all = value(&mut parser, "--accept")?,
            Long("reject") => options.banner.reject_all = value(&mut parser, "--reject")?,
            Long("category") => {
                let css = value(&mut parser, "--category")?;
                if !css.contains("{category}") {
                    return Err(
                        "--category needs `{category}` where the category's keyword goes".into(),
                    );
                }
                options.banner.category = css;
            }
            Long("save") => options.banner.save = value(&mut parser, "--save")?,
            Long("preferences") => {
                options.banner.preferences = value(&mut parser, "--preferences")?
            }
            Long("settle") => {
                options.settle = Some(Duration::from_millis(number(
                    &value(&mut parser, "--settle")?,
                    "--settle",
                )?));
            }
            Long("first-party") => options
                .first_party
                .push(value(&mut parser, "--first-party")?),
            Long("third-party-cookies") => {
                options.third_party_cookies =
                    match value(&mut parser, "--third-party-cookies")?.as_str() {
                        "allow" => ThirdPartyCookies::Allow,
                        "block" => ThirdPartyCookies::Block,
                        other => {
                            return Err(format!(
                                "`{other}` is not a third-party cookie setting: use allow or block"
                            ));
                        }
                    };
            }
            Long("chromium") => options.chromium = Some(value(&mut parser, "--chromium")?.into()),
            Long("chromedriver") => {
                options.chromedriver = Some(value(&mut parser, "--chromedriver")?.into())
            }
            Long("no-progress") => options.progress = false,
            Value(url) => start.push(
                url.into_string()
                    .map_err(|_| "a URL must be UTF-8 text".to_string())?,
            ),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    options.policy = policy.ok_or(
        "--policy FILE|URL is required: the site's cookie policy as cookie-registry's JSON",
    )?;
    if start.is_empty() {
        return Err("give the URL of the page to start from".into());
    }
    options.start = start;
    Ok(Command::Audit(Box::new(options)))
}

fn value(parser: &mut lexopt::Parser, name: &str) -> Result<String, String> {
    parser
        .value()
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|_| format!("{name} takes UTF-8 text"))
}

fn number<T: std::str::FromStr>(text: &str, option: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{option} takes a whole number, not `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace().map(Into::into))
    }

    #[test]
    fn reads_a_full_line() {
        let Ok(Command::Audit(options)) = parse_line(
            "--policy p.json -o report.html --max-pages 5 --max-depth=1 --timeout 60 \
             --exclude /admin --exclude *.pdf --states none,reject,statistics --consent banner \
             --settle 0 --first-party cdn.example.com http://127.0.0.1:8000/",
        ) else {
            panic!("parsed")
        };
        assert_eq!(options.policy, "p.json");
        assert_eq!(options.format(), ReportFormat::Html);
        assert_eq!(options.max_pages, Some(5));
        assert_eq!(options.max_depth, Some(1));
        assert_eq!(options.exclude, ["/admin", "*.pdf"]);
        assert_eq!(options.states.as_ref().map(Vec::len), Some(3));
        assert_eq!(options.consent, ConsentMethod::Banner);
        assert_eq!(options.start, ["http://127.0.0.1:8000/"]);
    }

    #[test]
    fn explains_mistakes() {
        let error = |line| match parse_line(line) {
            Err(e) => e,
            Ok(_) => panic!("{line} parsed"),
        };
        assert!(error("http://x/").contains("--policy"));
        assert!(error("--policy p.json").contains("URL"));
        assert!(error("--policy p.json --max-pages many http://x/").contains("whole number"));
        assert!(error("--policy p.json --states everything http://x/").contains("everything"));
        assert!(error("--policy p.json --format pdf http://x/").contains("md, html or json"));
        assert!(error("--policy p.json --bogus http://x/").contains("--bogus"));
        assert!(matches!(parse_line("--help"), Ok(Command::Help)));
    }
}
