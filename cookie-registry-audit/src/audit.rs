//! The audit: one fresh browser session per consent state, a bounded crawl in each, and the
//! comparison of what the browser held with the declarations.

use std::time::{Duration, Instant};

use cookie_registry::Revision;
use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use url::Url;

use crate::browser::{Browser, Session, SessionOptions};
use crate::consent::{
    BannerAction, BannerSelectors, ConsentChoice, ConsentMethod, Phase, click_banner,
    write_consent_cookie,
};
use crate::crawl::{Frontier, Target};
use crate::error::AuditError;
use crate::findings;
use crate::observe::Observer;
use crate::policy::{ConsentCookieSpec, Declarations};
use crate::report::{
    AuditReport, Limits, PageVisit, PolicySummary, REPORT_SCHEMA_VERSION, StateRun, Summary,
};
use crate::site::FirstParty;

/// What the audit reports as it goes, for a progress display. Every method does nothing by
/// default.
pub trait Progress {
    /// A consent state starts (`index` from 0 of `count`).
    fn state_started(&mut self, state: ConsentChoice, index: usize, count: usize) {
        let _ = (state, index, count);
    }
    /// A page is about to be visited: the `number`th of this state (from 1), of at most
    /// `max`.
    fn page(&mut self, url: &str, number: usize, max: usize) {
        let _ = (url, number, max);
    }
    /// A consent state is done.
    fn state_finished(&mut self, run: &StateRun) {
        let _ = run;
    }
}

/// No progress display.
impl Progress for () {}

/// An audit of one site, to run in a [`Browser`].
///
/// ```no_run
/// use cookie_registry_audit::{Audit, ConsentChoice, browser::{Browser, BrowserOptions}};
/// use cookie_registry_audit::policy::Declarations;
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let browser = Browser::launch(&BrowserOptions::default()).await?;
/// let report = Audit::new("http://127.0.0.1:8080/", Declarations::global()?)?
///     .max_pages(20)
///     .exclude("/admin")
///     .states([ConsentChoice::NoChoice, ConsentChoice::RejectAll])
///     .run(&browser)
///     .await?;
/// assert!(!report.has_serious_findings(), "{report}");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Audit {
    start: Vec<Url>,
    declarations: Declarations,
    states: Option<Vec<ConsentChoice>>,
    method: ConsentMethod,
    banner: BannerSelectors,
    max_pages: usize,
    max_depth: u32,
    timeout: Duration,
    exclude: Vec<String>,
    settle: Duration,
    first_party: FirstParty,
    session: SessionOptions,
}

/// The consent method once the policy is known.
enum Method<'a> {
    Banner,
    Cookie {
        spec: &'a ConsentCookieSpec,
        revision: Revision,
    },
}

impl Audit {
    /// Pages per consent state, by default.
    pub const DEFAULT_MAX_PAGES: usize = 50;
    /// Links from a start page, by default.
    pub const DEFAULT_MAX_DEPTH: u32 = 3;
    /// The whole audit's time limit, by default.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
    /// How long to wait after a page's `load` event for its late scripts, by default.
    pub const DEFAULT_SETTLE: Duration = Duration::from_millis(150);

    /// An audit of the site at `start` (an `http` or `https` URL) against `declarations`.
    ///
    /// Defaults: every state of [`ConsentChoice::defaults`], [`ConsentMethod::Auto`], the
    /// [`BannerSelectors`] defaults, [`Audit::DEFAULT_MAX_PAGES`] pages per state, depth
    /// [`Audit::DEFAULT_MAX_DEPTH`], [`Audit::DEFAULT_TIMEOUT`] in all, `/logout` excluded, the
    /// start URL's host as the only first-party host, [`SessionOptions::for_audit`].
    ///
    /// # Errors
    ///
    /// [`AuditError::Settings`] when `start` is not an HTTP(S) URL.
    pub fn new(start: &str, declarations: Declarations) -> Result<Audit, AuditError> {
        let url = parse_start(start)?;
        let first_party = FirstParty::new(url.host_str());
        Ok(Audit {
            start: vec![url],
            declarations,
            states: None,
            method: ConsentMethod::Auto,
            banner: BannerSelectors::default(),
            max_pages: Audit::DEFAULT_MAX_PAGES,
            max_depth: Audit::DEFAULT_MAX_DEPTH,
            timeout: Audit::DEFAULT_TIMEOUT,
            exclude: vec!["/logout".to_string()],
            settle: Audit::DEFAULT_SETTLE,
            first_party,
            session: SessionOptions::for_audit(),
        })
    }

    /// Another start page, of the same origin as the first.
    ///
    /// # Errors
    ///
    /// [`AuditError::Settings`] when it is not an HTTP(S) URL of the first start page's origin.
    pub fn start_page(mut self, url: &str) -> Result<Audit, AuditError> {
        let url = parse_start(url)?;
        if url.origin() != self.start[0].origin() {
            return Err(AuditError::Settings(format!(
                "every start page must be on {}; {url} is not (audit each site on its own)",
                self.start[0].origin().ascii_serialization()
            )));
        }
        self.start.push(url);
        Ok(self)
    }

    /// The consent states to visit, in order.
    #[must_use]
    pub fn states(mut self, states: impl IntoIterator<Item = ConsentChoice>) -> Audit {
        self.states = Some(states.into_iter().collect());
        self
    }

    /// How choices are made.
    #[must_use]
    pub fn consent_method(mut self, method: ConsentMethod) -> Audit {
        self.method = method;
        self
    }

    /// Where the banner's controls are.
    #[must_use]
    pub fn banner(mut self, selectors: BannerSelectors) -> Audit {
        self.banner = selectors;
        self
    }

    /// At most this many pages per consent state.
    #[must_use]
    pub fn max_pages(mut self, pages: usize) -> Audit {
        self.max_pages = pages.max(1);
        self
    }

    /// Follow links at most this many steps from a start page.
    #[must_use]
    pub fn max_depth(mut self, depth: u32) -> Audit {
        self.max_depth = depth;
        self
    }

    /// The whole audit's time limit, shared evenly among the states still to run (a state that
    /// finishes early leaves its time to the next ones).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Audit {
        self.timeout = timeout;
        self
    }

    /// Never visit URLs matching `pattern`: a path prefix (`/logout`), or a glob over path and
    /// query where `*` is any text (`*.pdf`, `/admin/*/delete`).
    #[must_use]
    pub fn exclude(mut self, pattern: impl Into<String>) -> Audit {
        self.exclude.push(pattern.into());
        self
    }

    /// Forgets every exclusion, the default `/logout` included.
    #[must_use]
    pub fn clear_exclusions(mut self) -> Audit {
        self.exclude.clear();
        self
    }

    /// How long to wait after each page's `load` event before reading the browser.
    #[must_use]
    pub fn settle(mut self, settle: Duration) -> Audit {
        self.settle = settle;
        self
    }

    /// Counts `host` (and its subdomains) as the site's own, besides the start page's host.
    #[must_use]
    pub fn first_party(mut self, host: &str) -> Audit {
        self.first_party.add(host);
        self
    }

    /// The browser sessions' settings (default [`SessionOptions::for_audit`]).
    #[must_use]
    pub fn session_options(mut self, options: SessionOptions) -> Audit {
        self.session = options;
        self
    }

    /// The declarations compared with.
    pub fn declarations(&self) -> &Declarations {
        &self.declarations
    }

    /// The consent states this audit visits.
    pub fn planned_states(&self) -> Vec<ConsentChoice> {
        self.states
            .clone()
            .unwrap_or_else(|| ConsentChoice::defaults(&self.declarations.consent_categories()))
    }

    /// Runs the audit.
    ///
    /// # Errors
    ///
    /// [`AuditError::Settings`] when [`ConsentMethod::Cookie`] was asked for and the policy has
    /// no consent cookie or no revision. Pages and states that fail are recorded in the report.
    pub async fn run(&self, browser: &Browser) -> Result<AuditReport, AuditError> {
        self.run_with(browser, &mut ()).await
    }

    /// [`run`](Audit::run), telling `progress` as it goes.
    ///
    /// # Errors
    ///
    /// As [`run`](Audit::run).
    pub async fn run_with(
        &self,
        browser: &Browser,
        progress: &mut dyn Progress,
    ) -> Result<AuditReport, AuditError> {
        let method = self.method()?;
        let started_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let started = Instant::now();
        let end = started + self.timeout;
        let states = self.planned_states();
        let mut runs = Vec::with_capacity(states.len());
        for (index, &state) in states.iter().enumerate() {
            progress.state_started(state, index, states.len());
            let remaining = end.saturating_duration_since(Instant::now());
            let share = remaining / u32::try_from(states.len() - index).unwrap_or(u32::MAX);
            let run = self
                .run_state(browser, state, &method, Instant::now() + share, progress)
                .await;
            progress.state_finished(&run);
            runs.push(run);
        }
        let (findings, inventory) = findings::compare(&self.declarations, &runs);
        let summary = Summary {
            serious: findings
                .iter()
                .filter(|f| f.severity == findings::Severity::Serious)
                .count(),
            warnings: findings
                .iter()
                .filter(|f| f.severity == findings::Severity::Warning)
                .count(),
            page_visits: runs.iter().map(|r| r.pages.len()).sum(),
            incomplete: runs.iter().any(|r| r.error.is_some()),
        };
        Ok(AuditReport {
            schema_version: REPORT_SCHEMA_VERSION,
            tool: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            site: self.start[0].origin().ascii_serialization(),
            start: self.start.iter().map(ToString::to_string).collect(),
            first_party: self.first_party.hosts().to_vec(),
            policy: PolicySummary {
                source: self.declarations.source().to_string(),
                revision: self.declarations.revision().map(|r| r.to_string()),
                declarations: self.declarations.len(),
            },
            limits: Limits {
                max_pages: self.max_pages,
                max_depth: self.max_depth,
                timeout_seconds: self.timeout.as_secs(),
                exclude: self.exclude.clone(),
            },
            started_at,
            seconds: started.elapsed().as_secs_f64(),
            summary,
            findings,
            inventory,
            states: runs,
        })
    }

    fn method(&self) -> Result<Method<'_>, AuditError> {
        let cookie = match (
            self.declarations.consent_cookie(),
            self.declarations.revision(),
        ) {
            (Some(spec), Some(revision)) => Some(Method::Cookie { spec, revision }),
            _ => None,
        };
        match (self.method, cookie) {
            (ConsentMethod::Banner, _) | (ConsentMethod::Auto, None) => Ok(Method::Banner),
            (_, Some(cookie)) => Ok(cookie),
            (ConsentMethod::Cookie, None) => Err(AuditError::Settings(
                "the consent cookie cannot be written: the policy needs one HTTP cookie declared \
                 with `exemption = consent_storage` and a `revision`; use the banner instead"
                    .to_string(),
            )),
        }
    }

    async fn run_state(
        &self,
        browser: &Browser,
        state: ConsentChoice,
        method: &Method<'_>,
        deadline: Instant,
        progress: &mut dyn Progress,
    ) -> StateRun {
        let started = Instant::now();
        let mut run = StateRun {
            state,
            method: match (state, method) {
                (ConsentChoice::NoChoice, _) => "none",
                (_, Method::Banner) => "banner",
                (_, Method::Cookie { .. }) => "cookie",
            }
            .to_string(),
            pages: Vec::new(),
            truncated: None,
            error: None,
            seconds: 0.0,
        };
        match browser.session(&self.session).await {
            Ok(session) => {
                let result = StateVisit {
                    audit: self,
                    session: &session,
                    observer: Observer::new(self.first_party.clone()),
                    run: &mut run,
                    deadline,
                    progress,
                }
                .drive(method)
                .await;
                if let Err(error) = result {
                    run.error = Some(error);
                }
                let _ = session.close().await;
            }
            Err(error) => run.error = Some(error.to_string()),
        }
        run.seconds = started.elapsed().as_secs_f64();
        run
    }

    fn granted(&self, action: BannerAction) -> CategorySet {
        match action {
            BannerAction::AcceptAll => self.declarations.consent_categories().into_iter().collect(),
            BannerAction::RejectAll => CategorySet::NONE,
            BannerAction::Only(category) => CategorySet::NONE.with(category),
        }
    }
}

/// One consent state's visit, in one browser session.
struct StateVisit<'a> {
    audit: &'a Audit,
    session: &'a Session,
    observer: Observer,
    run: &'a mut StateRun,
    deadline: Instant,
    progress: &'a mut dyn Progress,
}

impl StateVisit<'_> {
    async fn drive(&mut self, method: &Method<'_>) -> Result<(), String> {
        Observer::install(self.session)
            .await
            .map_err(|e| format!("could not install the hooks: {e}"))?;
        let action = match self.run.state {
            ConsentChoice::NoChoice => None,
            ConsentChoice::RejectAll => Some(BannerAction::RejectAll),
            ConsentChoice::Only(category) => Some(BannerAction::Only(category)),
            ConsentChoice::AcceptAll | ConsentChoice::Withdrawal => Some(BannerAction::AcceptAll),
        };
        let start = self.audit.start[0].clone();
        if let Some(action) = action {
            self.choose(method, action, &start, Phase::Initial, Phase::Consented)
                .await?;
        }
        // A consent cookie the site does not take (an outdated revision, another format) would
        // make every state look like "no choice": check that the banner went away.
        let verify_choice = action.is_some() && matches!(method, Method::Cookie { .. });
        let visited = self.crawl(verify_choice).await?;
        if self.run.state == ConsentChoice::Withdrawal {
            let preferences = start
                .join(&self.audit.banner.preferences)
                .map_err(|e| format!("the preferences page: {e}"))?;
            let from = match method {
                Method::Banner => preferences,
                Method::Cookie { .. } => start,
            };
            self.choose(
                method,
                BannerAction::RejectAll,
                &from,
                Phase::Consented,
                Phase::Withdrawn,
            )
            .await?;
            for (number, target) in visited.iter().enumerate() {
                if Instant::now() >= self.deadline {
                    self.run.truncated =
                        Some("the time limit, while revisiting after withdrawal".into());
                    break;
                }
                self.progress
                    .page(target.url.as_str(), number + 1, visited.len());
                let (visit, _) = self.visit(target, Phase::Withdrawn, None).await;
                self.run.pages.push(visit);
            }
        }
        Ok(())
    }

    /// Makes a choice: through the banner on `page` (visited first, in phase `before`), or by
    /// writing the consent cookie. The page the banner leads to is visited in phase `after`.
    async fn choose(
        &mut self,
        method: &Method<'_>,
        action: BannerAction,
        page: &Url,
        before: Phase,
        after: Phase,
    ) -> Result<(), String> {
        match method {
            Method::Cookie { spec, revision } => {
                self.observer.note_audit_write(&spec.name);
                write_consent_cookie(
                    self.session,
                    spec,
                    *revision,
                    self.audit.granted(action),
                    page,
                )
                .await
                .map_err(|e| format!("could not write the consent cookie: {e}"))
            }
            Method::Banner => {
                let target = Target {
                    url: page.clone(),
                    depth: 0,
                };
                let (visit, _) = self.visit(&target, before, None).await;
                self.run.pages.push(visit);
                let offered: Vec<Category> = self.audit.declarations.consent_categories();
                click_banner(self.session, &self.audit.banner, action, &offered).await?;
                let landed = self.current_url().await.unwrap_or_else(|| page.clone());
                let (visit, _) = self
                    .read(
                        &Target {
                            url: landed,
                            depth: 0,
                        },
                        after,
                        Some(action.describe()),
                        None,
                    )
                    .await;
                self.run.pages.push(visit);
                Ok(())
            }
        }
    }

    /// The bounded crawl from the start pages; returns the pages visited, in order. With
    /// `verify_choice`, fails when the banner is still shown on the first page.
    async fn crawl(&mut self, verify_choice: bool) -> Result<Vec<Target>, String> {
        let audit = self.audit;
        let mut frontier = Frontier::new(&audit.start, audit.max_depth, &audit.exclude);
        let mut visited = Vec::new();
        while let Some(target) = frontier.pop() {
            if visited.len() >= audit.max_pages {
                self.run.truncated = Some(format!(
                    "the limit of {} page{} per state, with links left to follow",
                    audit.max_pages,
                    if audit.max_pages == 1 { "" } else { "s" }
                ));
                break;
            }
            if Instant::now() >= self.deadline {
                self.run.truncated = Some("the time limit, with links left to follow".to_string());
                break;
            }
            self.progress
                .page(target.url.as_str(), visited.len() + 1, audit.max_pages);
            let (visit, links) = self.visit(&target, Phase::Consented, None).await;
            for link in links {
                frontier.push(&link, target.depth + 1);
            }
            self.run.pages.push(visit);
            visited.push(target);
            if verify_choice && visited.len() == 1 && self.banner_shown().await {
                return Err(format!(
                    "the site still shows its banner (`{}`) after the audit wrote the consent \
                     cookie: it does not take the cookie (is the policy's revision the site's \
                     current one?); use --consent banner",
                    self.audit.banner.accept_all
                ));
            }
        }
        Ok(visited)
    }

    /// Whether the banner's "accept all" control is displayed on the current page.
    async fn banner_shown(&self) -> bool {
        let css = fantoccini::Locator::Css(&self.audit.banner.accept_all);
        let Ok(controls) = self.session.client().find_all(css).await else {
            return false;
        };
        for control in controls {
            if control.is_displayed().await.unwrap_or(false) {
                return true;
            }
        }
        false
    }

    /// Loads `target` and reads the browser.
    async fn visit(
        &mut self,
        target: &Target,
        phase: Phase,
        action: Option<String>,
    ) -> (PageVisit, Vec<String>) {
        let loaded = self.session.client().goto(target.url.as_str()).await;
        let error = loaded
            .err()
            .map(|e| format!("could not load the page: {e}"));
        self.read(target, phase, action, error).await
    }

    /// Reads the browser after the current page.
    async fn read(
        &mut self,
        target: &Target,
        phase: Phase,
        action: Option<String>,
        mut error: Option<String>,
    ) -> (PageVisit, Vec<String>) {
        tokio::time::sleep(self.audit.settle).await;
        let landed = self
            .current_url()
            .await
            .map_or_else(|| target.url.to_string(), |u| u.to_string());
        let mut visit = PageVisit {
            url: target.url.to_string(),
            landed: landed.clone(),
            depth: target.depth,
            phase,
            action,
            frames: Vec::new(),
            items: Vec::new(),
            removed: Vec::new(),
            error: None,
        };
        let mut links = Vec::new();
        match self.observer.snapshot(self.session, &landed).await {
            Ok(snapshot) => {
                visit.frames = snapshot.frames;
                visit.items = snapshot.items;
                visit.removed = snapshot.removed;
                links = snapshot.links;
            }
            Err(e) => {
                let message = format!("could not read the browser: {e}");
                error = Some(match error {
                    Some(first) => format!("{first}; {message}"),
                    None => message,
                });
            }
        }
        visit.error = error;
        (visit, links)
    }

    async fn current_url(&self) -> Option<Url> {
        self.session.client().current_url().await.ok()
    }
}

fn parse_start(text: &str) -> Result<Url, AuditError> {
    let url = Url::parse(text)
        .map_err(|e| AuditError::Settings(format!("`{text}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(AuditError::Settings(format!(
            "`{text}` is not an http or https URL"
        )));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declarations() -> Declarations {
        Declarations::from_json(r#"{"schema_version": 1, "categories": []}"#, "t").unwrap()
    }

    #[test]
    fn start_pages_share_one_origin() {
        let audit = Audit::new("http://127.0.0.1:8000/", declarations()).unwrap();
        assert!(audit.clone().start_page("http://127.0.0.1:8000/b").is_ok());
        let error = audit.start_page("http://localhost:8000/").unwrap_err();
        assert!(
            error.to_string().contains("http://127.0.0.1:8000"),
            "{error}"
        );
        assert!(Audit::new("ftp://x/", declarations()).is_err());
        assert!(Audit::new("not a url", declarations()).is_err());
    }

    #[test]
    fn the_cookie_method_needs_a_consent_cookie() {
        let audit = Audit::new("http://127.0.0.1:8000/", declarations())
            .unwrap()
            .consent_method(ConsentMethod::Cookie);
        assert!(matches!(audit.method(), Err(AuditError::Settings(_))));
        let audit = audit.consent_method(ConsentMethod::Auto);
        assert!(matches!(audit.method(), Ok(Method::Banner)));
        assert_eq!(
            audit.planned_states(),
            [
                ConsentChoice::NoChoice,
                ConsentChoice::RejectAll,
                ConsentChoice::AcceptAll,
                ConsentChoice::Withdrawal
            ]
        );
    }
}
