//! The middleware in an actix-web app: the consent handlers take, where the middleware sits
//! among others, errors of the services inside it, and the ways a handler sets cookies.

use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::error::ErrorForbidden;
use actix_web::http::StatusCode;
use actix_web::http::header::{COOKIE, HeaderValue, SET_COOKIE};
use actix_web::{App, HttpResponse, test, web};
use cookie_registry::actix::{DeclaredCookieExt, MissingCookiePolicy};
use cookie_registry::consent::{CategorySet, ConsentState, NoConsentNeeded};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Mode, ViolationKind};
use test_actix::{Login, consent_pair, policy, set_cookies_of};

fn with_cookie(cookie: &str) -> test::TestRequest {
    test::TestRequest::get().insert_header((COOKIE, cookie))
}

async fn granted(consent: ConsentState) -> String {
    format!("{:?}", consent.categories())
}

async fn granted_from_extensions(consent: web::ReqData<ConsentState>) -> String {
    format!("{:?}", consent.categories())
}

async fn granted_if_any(consent: Option<ConsentState>) -> String {
    match consent {
        Some(consent) => format!("{:?}", consent.categories()),
        None => "no consent read".into(),
    }
}

#[actix_web::test]
async fn handlers_take_the_consent_as_an_argument_or_from_the_extensions() {
    for mode in [Mode::Enforce, Mode::Audit, Mode::Off] {
        let app = test::init_service(
            App::new()
                .route("/argument", web::get().to(granted))
                .route("/extensions", web::get().to(granted_from_extensions))
                .route("/optional", web::get().to(granted_if_any))
                .wrap(policy(mode).0),
        )
        .await;
        let expected = format!(
            "{:?}",
            ConsentState::NONE.categories().with(Category::Statistics)
        );
        for path in ["/argument", "/extensions", "/optional"] {
            let request = with_cookie(&consent_pair(CategorySet::NONE.with(Category::Statistics)))
                .uri(path)
                .to_request();
            let body = test::call_and_read_body(&app, request).await;
            assert_eq!(body, expected.as_bytes(), "{path} in {mode:?}");
        }
        // No consent cookie: no consent, and still a consent state for the handler.
        let body =
            test::call_and_read_body(&app, test::TestRequest::get().uri("/argument").to_request())
                .await;
        assert_eq!(
            body,
            format!("{:?}", ConsentState::NONE.categories()).as_bytes()
        );
    }
}

#[actix_web::test]
async fn a_handler_outside_the_middleware_gets_a_clear_error() {
    let app = test::init_service(
        App::new()
            .route("/argument", web::get().to(granted))
            .route("/optional", web::get().to(granted_if_any)),
    )
    .await;
    let response = test::call_service(
        &app,
        with_cookie(&consent_pair(CategorySet::NONE))
            .uri("/argument")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = test::read_body(response).await;
    assert_eq!(body, MissingCookiePolicy.to_string().as_bytes());
    assert!(
        MissingCookiePolicy
            .to_string()
            .contains("cookie_registry::actix::CookiePolicy")
    );

    let body =
        test::call_and_read_body(&app, test::TestRequest::get().uri("/optional").to_request())
            .await;
    assert_eq!(body, "no consent read");
}

/// An inner middleware's error goes out as it came: actix-web makes its response outside every
/// middleware, so the policy cannot judge it, and must not turn it into something else.
#[actix_web::test]
async fn an_error_of_the_services_inside_passes_through_unchanged() {
    let (policy, seen) = policy(Mode::Enforce);
    let app = test::init_service(
        App::new()
            .route("/", web::get().to(HttpResponse::Ok))
            .wrap_fn(|_request, _service| {
                std::future::ready(Err::<ServiceResponse, _>(ErrorForbidden(
                    "refused by the inner middleware",
                )))
            })
            .wrap(policy),
    )
    .await;
    let error = match app
        .call(with_cookie("_pk_id=old; tracker=1").to_request())
        .await
    {
        Ok(response) => panic!("the error became a response: {:?}", response.status()),
        Err(error) => error,
    };
    assert_eq!(
        error.as_response_error().status_code(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(error.to_string(), "refused by the inner middleware");
    assert!(seen.lock().unwrap().is_empty());
}

/// A handler's error becomes a response inside the handler's service: the policy judges it.
#[actix_web::test]
async fn a_handler_error_response_is_judged() {
    async fn fails() -> Result<HttpResponse, actix_web::Error> {
        Err(actix_web::error::InternalError::from_response(
            "failed",
            HttpResponse::BadRequest()
                .append_header((SET_COOKIE, "tracker=1"))
                .finish(),
        )
        .into())
    }
    let app = test::init_service(
        App::new()
            .route("/", web::get().to(fails))
            .wrap(policy(Mode::Enforce).0),
    )
    .await;
    let response = test::call_service(&app, test::TestRequest::get().to_request()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookies_of(response.headers()).is_empty());
}

/// actix-web's last `wrap` is the outermost: the policy sees the cookies of the middleware
/// wrapped before it, not those of one wrapped after it.
#[actix_web::test]
async fn the_policy_sees_the_middleware_wrapped_before_it_not_after_it() {
    fn add_tracker<S>(
        request: ServiceRequest,
        service: &S,
    ) -> impl Future<Output = Result<ServiceResponse, actix_web::Error>> + use<S>
    where
        S: Service<ServiceRequest, Response = ServiceResponse, Error = actix_web::Error>,
    {
        let response = service.call(request);
        async move {
            let mut response = response.await?;
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_static("tracker=1"));
            Ok(response)
        }
    }

    let inside = test::init_service(
        App::new()
            .route("/", web::get().to(HttpResponse::Ok))
            .wrap_fn(add_tracker)
            .wrap(policy(Mode::Enforce).0),
    )
    .await;
    let response = test::call_service(&inside, test::TestRequest::get().to_request()).await;
    assert!(set_cookies_of(response.headers()).is_empty(), "stripped");

    let outside = test::init_service(
        App::new()
            .route("/", web::get().to(HttpResponse::Ok))
            .wrap(policy(Mode::Enforce).0)
            .wrap_fn(add_tracker),
    )
    .await;
    let response = test::call_service(&outside, test::TestRequest::get().to_request()).await;
    assert_eq!(
        set_cookies_of(response.headers()),
        ["tracker=1"],
        "not seen"
    );
}

/// `App::wrap` covers the default service (404 pages) and routes added after it.
#[actix_web::test]
async fn the_policy_covers_the_default_service_and_routes_added_after_it() {
    async fn tracked() -> HttpResponse {
        HttpResponse::NotFound()
            .append_header((SET_COOKIE, "tracker=1"))
            .finish()
    }
    let app = test::init_service(
        App::new()
            .wrap(policy(Mode::Enforce).0)
            .route("/late", web::get().to(tracked))
            .default_service(web::to(tracked)),
    )
    .await;
    for path in ["/late", "/missing"] {
        let response =
            test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(set_cookies_of(response.headers()).is_empty(), "{path}");
    }
}

/// Every way a handler adds a cookie ends as a `Set-Cookie` header the policy judges.
#[actix_web::test]
async fn every_way_of_adding_a_cookie_is_judged() {
    async fn builder_cookie() -> HttpResponse {
        HttpResponse::Ok()
            .cookie(actix_web::cookie::Cookie::new("tracker", "1"))
            .cookie(Login::actix_cookie("v", NoConsentNeeded).unwrap())
            .finish()
    }
    async fn add_cookie() -> HttpResponse {
        let mut response = HttpResponse::Ok().finish();
        response
            .add_cookie(&actix_web::cookie::Cookie::new("tracker", "1"))
            .unwrap();
        response
            .add_cookie(&Login::actix_cookie("v", NoConsentNeeded).unwrap())
            .unwrap();
        response
    }
    let (policy, seen) = policy(Mode::Enforce);
    let app = test::init_service(
        App::new()
            .route("/builder", web::get().to(builder_cookie))
            .route("/add_cookie", web::get().to(add_cookie))
            .wrap(policy),
    )
    .await;
    for path in ["/builder", "/add_cookie"] {
        let response =
            test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        let sent = set_cookies_of(response.headers());
        assert_eq!(sent.len(), 1, "{path}: {sent:?}");
        assert!(sent[0].starts_with("login=v;"), "{path}: {sent:?}");
    }
    let violations = seen.lock().unwrap();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(
        violations
            .iter()
            .all(|v| v.name() == "tracker" && *v.kind() == ViolationKind::Undeclared)
    );
}

#[actix_web::test]
#[should_panic(expected = "cookie policy violation")]
async fn the_middleware_can_panic_on_violations_in_debug_builds() {
    // Tests are built with debug assertions (the `test` profile inherits `dev`).
    let policy = policy(Mode::Enforce).0.panic_on_violation_in_debug();
    let app = test::init_service(
        App::new()
            .route(
                "/",
                web::get().to(|| async {
                    HttpResponse::Ok()
                        .append_header((SET_COOKIE, "tracker=1"))
                        .finish()
                }),
            )
            .wrap(policy),
    )
    .await;
    let _ = test::call_service(&app, test::TestRequest::get().to_request()).await;
}
