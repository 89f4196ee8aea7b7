//! The benchmark's peer (feature `peer-tower-cookies`): `tower_cookies::CookieManagerLayer`
//! around the same routes, in place of the cookie policy layer, and `--enforce tower-cookies`
//! to choose it.
//!
//! tower-cookies parses a request's `Cookie` headers into a jar the first time someone reads
//! it, and serialises the jar's delta into `Set-Cookie` headers on the way out. The handlers of
//! this site build their `Set-Cookie` headers themselves, so an adapter between the two does
//! what a handler written for tower-cookies does: it reads the jar (so the request's cookies
//! are parsed, as they are by our layer for the consent cookie) and hands each cookie of the
//! response to the jar (`Cookie::parse` of each `Set-Cookie`, as our layer parses each one to
//! check it); the layer then writes them back from the jar's delta. Per response, both
//! middlewares parse the request's cookies and every `Set-Cookie`; ours then looks each one up
//! and checks it, the peer serialises each one again. Not a policy: nothing is checked, nothing
//! stripped.

use std::fmt;
use std::str::FromStr;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::http::header::{Entry, SET_COOKIE};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use example_site::consent_log::ConsentLog;
use example_site::video_host::VideoHost;
use example_site::{Enforcement, Error, Site};
use tower::ServiceBuilder;
use tower::util::Either;
use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

use crate::AppService;

/// What `--enforce` takes with the peer: the site's modes, or `tower-cookies`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The site's own enforcement ([`crate::app`]).
    Site(Enforcement),
    /// The peer: no policy, tower-cookies' jar around the routes.
    TowerCookies,
}

impl Default for Mode {
    fn default() -> Mode {
        Mode::Site(Enforcement::default())
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::Site(enforcement) => enforcement.fmt(f),
            Mode::TowerCookies => f.write_str("tower-cookies"),
        }
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(value: &str) -> Result<Mode, String> {
        if value == "tower-cookies" {
            return Ok(Mode::TowerCookies);
        }
        value
            .parse()
            .map(Mode::Site)
            .map_err(|error| format!("{error} (or tower-cookies, the benchmark's peer)"))
    }
}

/// The site in `mode`, embedding the player of `video_host` and recording choices in
/// `consent_log`: [`crate::site_app`], or the routes inside the peer (around the finished
/// router, as the site's policy is).
///
/// # Errors
///
/// As [`Site::new`].
pub fn app(
    mode: Mode,
    video_host: VideoHost,
    consent_log: ConsentLog,
) -> Result<Either<impl AppService, Router>, Error> {
    let site = |enforcement| {
        Site::new(enforcement).map(|site| {
            site.with_video_host(video_host)
                .with_consent_log(consent_log)
        })
    };
    match mode {
        Mode::Site(enforcement) => Ok(match crate::site_app(site(enforcement)?) {
            Either::Left(policy) => Either::Left(Either::Left(policy)),
            Either::Right(router) => Either::Right(router),
        }),
        Mode::TowerCookies => Ok(Either::Left(Either::Right(wrap(crate::routes(site(
            Enforcement::Off,
        )?))))),
    }
}

/// `router` inside the adapter, inside `CookieManagerLayer` (the outermost).
fn wrap(router: Router) -> impl AppService {
    ServiceBuilder::new()
        .layer(CookieManagerLayer::new())
        .layer(from_fn(through_jar))
        .service(router)
}

/// Reads the request's jar, then moves the response's `Set-Cookie`s into it.
async fn through_jar(request: Request, next: Next) -> Response {
    let Some(cookies) = request.extensions().get::<Cookies>().cloned() else {
        return next.run(request).await;
    };
    // What a handler using tower-cookies does first: read its cookies from the jar.
    let _ = cookies.list();
    let mut response = next.run(request).await;
    for cookie in take_set_cookies(response.headers_mut()) {
        cookies.add(cookie);
    }
    response
}

fn take_set_cookies(headers: &mut HeaderMap) -> Vec<Cookie<'static>> {
    let Entry::Occupied(entry) = headers.entry(SET_COOKIE) else {
        return Vec::new();
    };
    entry
        .remove_entry_mult()
        .1
        .filter_map(|value| Cookie::parse(value.to_str().ok()?.to_owned()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Mode;
    use example_site::Enforcement;

    #[test]
    fn the_peer_is_one_more_mode() {
        assert_eq!("tower-cookies".parse(), Ok(Mode::TowerCookies));
        assert_eq!("off".parse(), Ok(Mode::Site(Enforcement::Off)));
        assert_eq!(Mode::default(), Mode::Site(Enforcement::Enforce));
        let error = "strict".parse::<Mode>().unwrap_err();
        assert!(error.contains("off, audit or enforce") && error.contains("tower-cookies"));
    }
}
