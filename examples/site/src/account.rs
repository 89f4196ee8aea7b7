//! Signing in and out: the sign-in page and the two forms.

use cookie_registry::DeclaredCookie;
use cookie_registry::consent::NoConsentNeeded;

use crate::cookies::SessionId;
use crate::forms::{LoginForm, LogoutForm};
use crate::html::{Nav, escape, hidden_fields, layout};
use crate::i18n::Lang;
use crate::outcome::Outcome;
use crate::site::{Site, built};
use crate::visit::{Visit, new_token};

impl Site {
    /// `GET /login`: the sign-in form.
    pub fn login_page(&self, visit: &Visit) -> Outcome {
        self.login_form(visit, 200, None)
    }

    /// `POST /login`: signs in under any non-empty name (trimmed, at most 64 characters), sets
    /// `sessionid` (HttpOnly) and goes to `/` (`303`); an empty name gets the form again
    /// (`422`). A form not posted from the site's pages gets the `403` page.
    pub fn login(&self, visit: &Visit, form: LoginForm) -> Outcome {
        if let Err(refused) = self.check_form(visit, &form.csrf) {
            return refused;
        }
        let username: String = form.username.trim().chars().take(64).collect();
        if username.is_empty() {
            return self.login_form(visit, 422, Some(visit.lang.texts().login_missing));
        }
        let id = new_token();
        if let Ok(mut sessions) = self.sessions.lock() {
            if sessions.len() >= 10_000 {
                sessions.clear(); // a demo store: bounded, not durable
            }
            sessions.insert(id.clone(), username);
        }
        Outcome::see_other("/").with_cookies(built(SessionId::header(&id, NoConsentNeeded)))
    }

    /// `POST /logout`: forgets the session, deletes `sessionid` and goes to `/` (`303`). A form
    /// not posted from the site's pages gets the `403` page.
    pub fn logout(&self, visit: &Visit, form: LogoutForm) -> Outcome {
        if let Err(refused) = self.check_form(visit, &form.csrf) {
            return refused;
        }
        if let (Some(id), Ok(mut sessions)) = (&visit.session, self.sessions.lock()) {
            sessions.remove(id);
        }
        Outcome::see_other("/").with_cookies(built(SessionId::removal_header()))
    }

    fn login_form(&self, visit: &Visit, status: u16, error: Option<&str>) -> Outcome {
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
            self,
            visit,
            visit.lang,
            Nav::Login,
            texts.login_title,
            &content,
        );
        self.page(visit, status, html, true, Vec::new())
    }
}

/// The sign-in form, on the sign-in page and on the home page.
pub(crate) fn login_fields(visit: &Visit, lang: Lang, id_prefix: &str) -> String {
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
