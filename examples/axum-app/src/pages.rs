//! The site's pages: home, sign-in, language switch, cookie policy, not found.

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cookie_registry::DeclaredCookie;
use cookie_registry::consent::NoConsentNeeded;
use cookie_registry::consent::Statistics;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::SetCookieError;
use cookie_registry::enforce::cookie::Cookie;
use cookie_registry::render::{Format, PolicyOptions};
use serde::Deserialize;

use crate::AppState;
use crate::cookies::{Analytics, AnalyticsSession, CsrfToken, Language, SessionId};
use crate::csrf::CsrfForm;
use crate::html::{Nav, STYLE, chrome, escape, hidden_fields, layout, take_inline_style};
use crate::i18n::Lang;
use crate::visit::{Visit, new_token, safe_local_path};

/// Logs a cookie that could not be built (a bug: every value here is a token) and drops it.
pub(crate) fn built(
    result: Result<cookie_registry::enforce::cookie::CookieBuilder<'static>, SetCookieError>,
) -> Option<Cookie<'static>> {
    result
        .map(|builder| builder.build())
        .map_err(|error| eprintln!("could not build a cookie: {error}"))
        .ok()
}

/// Appends `cookies` as `Set-Cookie` headers.
pub(crate) fn with_cookies(
    mut response: Response,
    cookies: impl IntoIterator<Item = Cookie<'static>>,
) -> Response {
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The audience-measurement cookies, when the visitor consented to statistics; none otherwise.
///
/// The proof `Granted<Statistics>` comes only from the request's consent: without it, the
/// compiler refuses `Analytics::cookie(...)`.
fn analytics_cookies(visit: &Visit) -> Vec<Cookie<'static>> {
    let Ok(granted) = visit.consent.granted::<Statistics>() else {
        return Vec::new();
    };
    let visitor = visit.visitor_id.clone().unwrap_or_else(new_token);
    [
        Analytics::cookie(visitor, granted),
        AnalyticsSession::cookie("1", granted),
    ]
    .into_iter()
    .filter_map(built)
    .collect()
}

/// An HTML page response. A page that holds a POST form (re)sends the CSRF token, as Django
/// does; every page sends the analytics cookies when, and only when, statistics are consented.
pub(crate) fn html_response(
    visit: &Visit,
    status: StatusCode,
    html: String,
    has_form: bool,
    mut cookies: Vec<Cookie<'static>>,
) -> Response {
    if has_form {
        cookies.extend(built(CsrfToken::cookie(
            visit.csrf.clone(),
            NoConsentNeeded,
        )));
    }
    cookies.extend(analytics_cookies(visit));
    let mut response = (status, html).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    with_cookies(response, cookies)
}

/// A `303 See Other` to a local path.
pub(crate) fn see_other(
    location: &str,
    cookies: impl IntoIterator<Item = Cookie<'static>>,
) -> Response {
    let location = safe_local_path(location).unwrap_or("/");
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    with_cookies(response, cookies)
}

/// `GET /`: the home page. For the benchmark of the layer: for a visitor who consented to
/// everything, it sets four cookies (`__Host-csrftoken`, `django_language`, `_pk_id`, `_pk_ses`).
pub(crate) async fn home(State(site): State<AppState>, visit: Visit) -> Response {
    let lang = visit.lang;
    let texts = lang.texts();
    let mut content = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n<div class=\"grid\">\n<section class=\"card\" aria-labelledby=\"datasets-title\">\n<h2 id=\"datasets-title\">{}</h2>\n<ul>\n",
        escape(texts.home_title),
        escape(texts.home_intro),
        escape(texts.home_datasets_title)
    );
    for dataset in texts.home_datasets {
        content.push_str(&format!("<li>{}</li>\n", escape(dataset)));
    }
    content.push_str("</ul>\n</section>\n");
    let video = if visit.consent.grants(Category::Marketing) {
        escape(texts.video_allowed)
    } else {
        format!(
            "{} <a href=\"/cookies/preferences\">{}</a>",
            escape(texts.video_blocked),
            escape(texts.nav_preferences)
        )
    };
    content.push_str(&format!(
        "<section class=\"card\" aria-labelledby=\"video-title\">\n<h2 id=\"video-title\">{}</h2>\n<div class=\"video\"><p>{video}</p></div>\n</section>\n",
        escape(texts.video_title)
    ));
    content.push_str(&format!("<section class=\"card\" aria-labelledby=\"account-title\">\n<h2 id=\"account-title\">{}</h2>\n", escape(texts.account_title)));
    match &visit.user {
        Some(user) => content.push_str(&format!(
            "<p>{} <strong>{}</strong></p>\n<form method=\"post\" action=\"/logout\">\n{}<button type=\"submit\" class=\"button\">{}</button>\n</form>\n",
            escape(texts.signed_in_as),
            escape(user),
            hidden_fields(&visit, "/"),
            escape(texts.sign_out)
        )),
        None => content.push_str(&format!("<p>{}</p>\n{}", escape(texts.sign_in_prompt), login_fields(&visit, lang, "home"))),
    }
    content.push_str("</section>\n</div>\n");
    let (html, _) = layout(&site, &visit, lang, Nav::Home, texts.nav_home, &content);
    // The home page refreshes the language cookie with the language it is shown in.
    let language = built(Language::cookie(lang.code(), NoConsentNeeded));
    html_response(
        &visit,
        StatusCode::OK,
        html,
        true,
        language.into_iter().collect(),
    )
}

fn login_fields(visit: &Visit, lang: Lang, id_prefix: &str) -> String {
    let texts = lang.texts();
    format!(
        "<form method=\"post\" action=\"/login\">\n{}\
         <div class=\"field\"><label for=\"{id_prefix}-username\">{}</label><input type=\"text\" id=\"{id_prefix}-username\" name=\"username\" autocomplete=\"username\" required></div>\n\
         <div class=\"field\"><label for=\"{id_prefix}-password\">{}</label><input type=\"password\" id=\"{id_prefix}-password\" name=\"password\" autocomplete=\"current-password\"></div>\n\
         <button type=\"submit\" class=\"button\">{}</button>\n</form>\n",
        hidden_fields(visit, "/"),
        escape(texts.username),
        escape(texts.password),
        escape(texts.sign_in)
    )
}

/// `GET /login`: the sign-in form.
pub(crate) async fn login_form(State(site): State<AppState>, visit: Visit) -> Response {
    login_page(&site, &visit, StatusCode::OK, None)
}

fn login_page(site: &AppState, visit: &Visit, status: StatusCode, error: Option<&str>) -> Response {
    let texts = visit.lang.texts();
    let mut content = format!("<h1>{}</h1>\n", escape(texts.login_title));
    if let Some(error) = error {
        content.push_str(&format!(
            "<p class=\"error\" role=\"alert\">{}</p>\n",
            escape(error)
        ));
    }
    content.push_str(&format!(
        "<p class=\"notice\">{}</p>\n{}",
        escape(texts.login_hint),
        login_fields(visit, visit.lang, "login")
    ));
    let (html, _) = layout(
        site,
        visit,
        visit.lang,
        Nav::Login,
        texts.login_title,
        &content,
    );
    html_response(visit, status, html, true, Vec::new())
}

/// The sign-in form's fields (besides the CSRF token).
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
}

/// `POST /login`: signs in under any non-empty name and sets `sessionid` (HttpOnly).
pub(crate) async fn login(
    State(site): State<AppState>,
    CsrfForm { visit, form }: CsrfForm<LoginForm>,
) -> Response {
    let username: String = form.username.trim().chars().take(64).collect();
    if username.is_empty() {
        return login_page(
            &site,
            &visit,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(visit.lang.texts().login_missing),
        );
    }
    let id = new_token();
    if let Ok(mut sessions) = site.sessions.lock() {
        if sessions.len() >= 10_000 {
            sessions.clear(); // a demo store: bounded, not durable
        }
        sessions.insert(id.clone(), username);
    }
    see_other("/", built(SessionId::cookie(id, NoConsentNeeded)))
}

/// `POST /logout`: forgets the session and deletes `sessionid`. The form has no field but the
/// CSRF token.
pub(crate) async fn logout(
    State(site): State<AppState>,
    CsrfForm { visit, form: () }: CsrfForm<()>,
) -> Response {
    if let (Some(id), Ok(mut sessions)) = (&visit.session, site.sessions.lock()) {
        sessions.remove(id);
    }
    see_other(
        "/",
        SessionId::removal()
            .map_err(|error| eprintln!("{error}"))
            .ok(),
    )
}

/// `GET /lang/{code}?back=/path`: sets `django_language` and goes back.
pub(crate) async fn set_language(
    State(site): State<AppState>,
    visit: Visit,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.code() == code) else {
        return not_found(State(site), visit).await;
    };
    let back = query_param(query.as_deref(), "back").unwrap_or_else(|| "/".to_string());
    see_other(&back, built(Language::cookie(lang.code(), NoConsentNeeded)))
}

/// The first value of `key` in a query string, percent-decoded; `None` if absent or not UTF-8.
pub(crate) fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    let value = query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)?
        .1;
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `GET /cookies?lang=fr`: the cookie policy, rendered from the declarations as a standalone
/// HTML page, with the site's header, banner and footer spliced in. The language is `?lang=`,
/// else the visitor's language (the `django_language` cookie, else `Accept-Language`), else
/// English.
pub(crate) async fn policy(
    State(site): State<AppState>,
    visit: Visit,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = query_param(query.as_deref(), "lang")
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or(visit.lang);
    let texts = lang.texts();
    let rendered = PolicyOptions::new(lang.code())
        .map(|options| options.with_site(texts.site_name))
        .and_then(|options| site.registry.policy().render(Format::HtmlPage, &options));
    let page = match rendered {
        Ok(page) => page,
        Err(error) => {
            eprintln!("could not render the cookie policy: {error}");
            let content = format!(
                "<h1>{}</h1>\n<p class=\"error\">{}</p>\n",
                escape(texts.error_title),
                escape(texts.error_text)
            );
            let (html, has_form) = layout(
                &site,
                &visit,
                lang,
                Nav::Policy,
                texts.error_title,
                &content,
            );
            return html_response(
                &visit,
                StatusCode::INTERNAL_SERVER_ERROR,
                html,
                has_form,
                Vec::new(),
            );
        }
    };
    let chrome = chrome(&site, &visit, lang, Nav::Policy);
    let body_open = if chrome.has_form {
        "<body class=\"has-banner\">\n"
    } else {
        "<body>\n"
    };
    // The library's inline stylesheet is served as /static/policy.css (no inline style under
    // the Content-Security-Policy); the site's, after it, overrides it where both apply.
    let (page, _) = take_inline_style(&page);
    let html = page
        .replacen(
            "</head>",
            &format!(
                "<link rel=\"stylesheet\" href=\"/static/policy.css\">\n{}</head>",
                chrome.stylesheet
            ),
            1,
        )
        .replacen("<body>\n", &format!("{body_open}{}", chrome.top), 1)
        .replacen("<main>", "<main id=\"content\">", 1)
        .replacen("</body>", &format!("{}</body>", chrome.bottom), 1);
    html_response(&visit, StatusCode::OK, html, chrome.has_form, Vec::new())
}

/// `GET /static/site.css`: the site's stylesheet.
pub(crate) async fn site_css() -> Response {
    stylesheet(STYLE)
}

/// `GET /static/policy.css`: the stylesheet the library renders the policy page with.
pub(crate) async fn policy_css(State(site): State<AppState>) -> Response {
    stylesheet(site.policy_css.clone())
}

fn stylesheet(css: impl IntoResponse) -> Response {
    let mut response = css.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// Any other address: a 404 page in the site's layout.
pub(crate) async fn not_found(State(site): State<AppState>, visit: Visit) -> Response {
    let texts = visit.lang.texts();
    let content = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">{}</a></p>\n",
        escape(texts.not_found_title),
        escape(texts.not_found_text),
        escape(texts.nav_home)
    );
    let (html, has_form) = layout(
        &site,
        &visit,
        visit.lang,
        Nav::None,
        texts.not_found_title,
        &content,
    );
    html_response(&visit, StatusCode::NOT_FOUND, html, has_form, Vec::new())
}
