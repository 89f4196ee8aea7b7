//! The video host: the example's stand-in for YouTube, a third party whose player the home page
//! embeds once the visitor accepts marketing cookies.
//!
//! It is served by the example's own process on a second listener of 127.0.0.1, under the host
//! name `localhost`: another origin and, for the browser, another *site* than the example at
//! `127.0.0.1` (ports do not separate cookies; host names do). Its player page sets its own
//! cookie with `Set-Cookie` and its script keeps a `localStorage` item, in the player's frame, as
//! an embedded video does. Both are declared in [`cookies`](crate::cookies)
//! ([`VideoVisitor`](crate::cookies::VideoVisitor), [`VideoDevice`](crate::cookies::VideoDevice));
//! nothing of the site's own enforcement runs here: what a third party writes is seen only by a
//! browser, which is what `cookie-registry-audit` checks.
//!
//! | route | answer |
//! |---|---|
//! | `GET /embed/{video}` | the player's page, which sets `VISITOR_INFO1_LIVE` |
//! | `GET /player.js` | the player's script, which keeps `yt-remote-device-id` in `localStorage` |
//! | `GET /player.css` | the player's stylesheet |
//! | anything else | `404` |

use bytes::Bytes;

use crate::outcome::Outcome;

/// The video the home page embeds.
pub(crate) const VIDEO: &str = "portal-tour";

/// What the player's page sets: a third party's own choice of attributes, which the site
/// declares as [`VideoVisitor`](crate::cookies::VideoVisitor) (a test holds the two together).
const VISITOR_COOKIE: &str = "VISITOR_INFO1_LIVE";
const VISITOR_MAX_AGE: u64 = 15_778_476;

const PLAYER_JS: &str = include_str!("../static/player.js");
const PLAYER_CSS: &str = include_str!("../static/player.css");

/// The player's own Content-Security-Policy: its script and stylesheet, nothing else. No
/// `frame-ancestors`: like any video host's player, it may be embedded by any page.
const PLAYER_POLICY: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";

/// The example's video host, at `http://localhost:{port}`.
///
/// A glue binds a second listener on `127.0.0.1`, builds the host from its port, hands it to
/// [`Site::with_video_host`](crate::Site::with_video_host) (the home page then embeds its player,
/// and the Content-Security-Policy lets exactly its origin be framed) and serves
/// [`respond`](VideoHost::respond) there for every request.
///
/// ```
/// use example_site::video_host::VideoHost;
///
/// let host = VideoHost::on_port(4001);
/// assert_eq!(host.origin(), "http://localhost:4001");
/// let player = host.respond("/embed/portal-tour");
/// assert_eq!(player.status, 200);
/// assert!(player.set_cookies().any(|c| c.starts_with("VISITOR_INFO1_LIVE=")));
/// assert_eq!(host.respond("/elsewhere").status, 404);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VideoHost {
    origin: String,
}

impl VideoHost {
    /// The video host listening on `port` of 127.0.0.1, addressed as `localhost`.
    pub fn on_port(port: u16) -> VideoHost {
        VideoHost {
            origin: format!("http://localhost:{port}"),
        }
    }

    /// `http://localhost:{port}`: what the page frames and the Content-Security-Policy allows.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The address of the player of `video`, for an `<iframe src>`.
    pub(crate) fn player_url(&self, video: &str) -> String {
        format!("{}/embed/{video}", self.origin)
    }

    /// The answer to a `GET` of `path` on the video host, headers included (its own security
    /// headers: nothing of the site's applies here).
    pub fn respond(&self, path: &str) -> Outcome {
        let outcome = match path {
            "/player.js" => Outcome::script(PLAYER_JS),
            "/player.css" => Outcome::stylesheet(Bytes::from_static(PLAYER_CSS.as_bytes())),
            _ => match path.strip_prefix("/embed/") {
                Some(VIDEO) => Outcome::html(200, player_page())
                    .with_cookies([format!(
                        "{VISITOR_COOKIE}={}; Path=/; Max-Age={VISITOR_MAX_AGE}; Secure; HttpOnly; SameSite=None",
                        crate::visit::new_token()
                    )])
                    .with("cache-control", "no-store"),
                _ => Outcome::new(404, "not found").with("content-type", "text/plain; charset=utf-8"),
            },
        };
        outcome
            .with("content-security-policy", PLAYER_POLICY)
            .with("x-content-type-options", "nosniff")
            .with("referrer-policy", "strict-origin-when-cross-origin")
    }
}

/// The player: a poster and a play button, in the video host's own style.
fn player_page() -> String {
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
     <title>How to use the portal – Example Video</title>\n\
     <link rel=\"stylesheet\" href=\"/player.css\">\n<script src=\"/player.js\" defer></script>\n</head>\n\
     <body>\n<div class=\"player\" id=\"player\">\n\
     <button type=\"button\" class=\"play\" id=\"play\" aria-pressed=\"false\">Play</button>\n\
     <p class=\"caption\">How to use the portal · 2:14 · Example Video</p>\n</div>\n</body>\n</html>\n"
        .to_string()
}

#[cfg(test)]
mod tests {
    use cookie_registry::DeclaredCookie;
    use cookie_registry::declaration::SameSite;

    use super::{VISITOR_COOKIE, VISITOR_MAX_AGE, VideoHost};
    use crate::cookies::{VideoDevice, VideoVisitor};

    /// The third party's own choices agree with what the site declares about them.
    #[test]
    fn the_player_sets_what_the_site_declares() {
        let declared = VideoVisitor::DECLARATION;
        assert_eq!(declared.name().to_string(), VISITOR_COOKIE);
        assert_eq!(declared.max_age_seconds(), Some(VISITOR_MAX_AGE));
        assert_eq!(declared.attributes().same_site(), SameSite::None);
        let page = VideoHost::on_port(4001).respond("/embed/portal-tour");
        let cookie = page.set_cookies().next().expect("the visitor cookie");
        assert!(
            cookie.ends_with("; Secure; HttpOnly; SameSite=None"),
            "{cookie}"
        );
        let script = VideoHost::on_port(4001).respond("/player.js");
        let script = std::str::from_utf8(&script.body).expect("UTF-8");
        assert!(script.contains(&format!("'{}'", VideoDevice::DECLARATION.name())));
    }
}
