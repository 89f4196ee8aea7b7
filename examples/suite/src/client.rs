//! The suite's side of the connection: requests as a browser (or a forger) sends them, over
//! TCP to the server under test, and the replies read back.

use std::net::SocketAddr;

use bytes::Bytes;
use example_site::Enforcement;
use http::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::http::Framework;

/// The site's CSRF token cookie, and its consent cookie.
pub(crate) const CSRF_COOKIE: &str = "__Host-csrftoken";
pub(crate) const CONSENT_COOKIE: &str = "__Host-cookies_preferences";
/// The `Host` a browser sends to the example at `http://127.0.0.1:3000/`, and the `Origin` of
/// the example's own pages there. The site compares the two, not the port it listens on, so
/// forms say they come from there whatever port the server under test has.
pub(crate) const HOST: &str = "127.0.0.1:3000";
pub(crate) const ORIGIN: &str = "http://127.0.0.1:3000";
/// What a browser sends with a form posted from one of the site's own pages.
pub(crate) const SAME_ORIGIN: [(&str, &str); 2] =
    [("sec-fetch-site", "same-origin"), ("origin", ORIGIN)];

/// A request to the server under test.
pub(crate) type Outgoing = Request<Full<Bytes>>;

/// The example server under test: its address, the mode it runs in, and a client.
pub(crate) struct Server {
    address: SocketAddr,
    /// The `--enforce` mode the server runs in: what it must do with withdrawn cookies.
    pub(crate) mode: Enforcement,
    /// What the server's framework does to a request before the site sees it.
    pub(crate) framework: Framework,
    client: Client<HttpConnector, Full<Bytes>>,
}

/// A response, read whole.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

impl Server {
    pub(crate) fn new(address: SocketAddr, mode: Enforcement) -> Server {
        Server {
            address,
            mode,
            framework: Framework::default(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Sends `request` and reads the whole reply.
    ///
    /// # Panics
    ///
    /// When the server cannot be reached, closes the connection, or answers with a body that
    /// is not UTF-8 (every page and stylesheet of the site is).
    pub(crate) async fn send(&self, request: Outgoing) -> Reply {
        let what = format!("{} {}", request.method(), request.uri());
        let response = self
            .client
            .request(request)
            .await
            .unwrap_or_else(|error| panic!("{what}: no response from the server: {error:?}"));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap_or_else(|error| panic!("{what}: the body broke off: {error}"))
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec())
                .unwrap_or_else(|_| panic!("{what}: the body is not UTF-8")),
        }
    }

    /// A request for `path` (and query) on the server, without a body yet.
    pub(crate) fn request(&self, method: Method, path: &str) -> http::request::Builder {
        Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address))
    }

    /// A `GET`, with `cookie` as its `Cookie` header when not empty.
    pub(crate) fn get(&self, path: &str, cookie: &str) -> Outgoing {
        let mut request = self.request(Method::GET, path);
        if !cookie.is_empty() {
            request = request.header(COOKIE, cookie);
        }
        request.body(Full::default()).expect("a valid request")
    }

    /// A `GET` of `path` from another server at `address` (the video host), with `origin`'s
    /// host as its `Host`, as a browser sends it there.
    pub(crate) fn get_from(&self, address: SocketAddr, origin: &str, path: &str) -> Outgoing {
        let host = origin.split_once("://").map_or(origin, |(_, host)| host);
        Request::builder()
            .uri(format!("http://{address}{path}"))
            .header("host", host)
            .body(Full::default())
            .expect("a valid request")
    }

    /// A form posted from one of the site's own pages, as a browser sends it.
    pub(crate) fn post(&self, path: &str, cookie: &str, form: &str) -> Outgoing {
        self.post_from(path, cookie.as_bytes(), form, &SAME_ORIGIN)
    }

    /// A form post with `cookie` as raw bytes (not necessarily UTF-8) and, besides `Host`,
    /// exactly the headers `from` (`Sec-Fetch-Site`, `Origin`; a name twice sends it twice).
    pub(crate) fn post_from(
        &self,
        path: &str,
        cookie: &[u8],
        form: &str,
        from: &[(&str, &str)],
    ) -> Outgoing {
        let mut request = self
            .request(Method::POST, path)
            .header("host", HOST)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !cookie.is_empty() {
            request = request.header(
                COOKIE,
                HeaderValue::from_bytes(cookie).expect("no CR, LF, NUL"),
            );
        }
        for (name, value) in from {
            request = request.header(*name, *value);
        }
        request
            .body(Full::new(Bytes::from(form.to_string())))
            .expect("a valid request")
    }

    /// A CSRF token the site issued, from a first visit.
    pub(crate) async fn csrf_token(&self) -> String {
        self.send(self.get("/", ""))
            .await
            .cookie_value(CSRF_COOKIE)
            .expect("the home page sets the CSRF token")
    }
}

impl Reply {
    /// `(name, whole Set-Cookie value)` of every `Set-Cookie`.
    pub(crate) fn set_cookies(&self) -> Vec<(String, String)> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| {
                let text = v.to_str().expect("ASCII Set-Cookie").to_string();
                (text.split('=').next().unwrap_or_default().to_string(), text)
            })
            .collect()
    }

    pub(crate) fn set_cookie_names(&self) -> Vec<String> {
        self.set_cookies()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The value this response sets for `name`.
    pub(crate) fn cookie_value(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| {
                let pair = text.split(';').next().unwrap_or_default();
                pair.split_once('=')
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
    }

    pub(crate) fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The value of the header `name`, `(missing)` when there is none.
    pub(crate) fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(missing)")
            .to_string()
    }

    /// The `Set-Cookie` values as bytes, for the library's checks.
    pub(crate) fn set_cookie_bytes(&self) -> impl Iterator<Item = &[u8]> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(HeaderValue::as_bytes)
    }
}
