//! The reader's rules, each with a header whose fate in Chromium 156 was observed (the browser
//! test in `tests/browser-set-cookie` replays them all), and the reader against the model.

use super::model;
use super::*;

const NOW: i64 = 1_750_000_000;

fn read(header: &str) -> SetCookie<'_> {
    SetCookie::parse(header.as_bytes()).unwrap_or_else(|e| panic!("{header:?}: {e}"))
}

fn expiry(header: &str) -> Expiry {
    read(header).expiry()
}

#[test]
fn splits_the_pair_at_the_first_equals_and_trims_only_space_and_tab() {
    let cookie = read(" \ta b = c=d \t; Secure");
    assert_eq!((cookie.name(), cookie.value()), (&b"a b"[..], &b"c=d"[..]));
    assert_eq!(read("tracker").name(), b"");
    assert_eq!(read("tracker").value(), b"tracker");
    assert_eq!(read("=v").name(), b"");
    assert_eq!(read("x=y=z").value(), b"y=z");
    assert_eq!(read("a;b=1").value(), b"a");
    assert_eq!(read("\"a\"=\"b; c\"").value(), b"\"b");
    for unicode in [
        "\u{a0}", "\u{3000}", "\u{2003}", "\u{85}", "\u{1680}", "\u{2028}",
    ] {
        let header = format!("{unicode}csrftoken{unicode}=id");
        assert_eq!(read(&header).name(), &header.as_bytes()[..header.len() - 3]);
    }
    assert_eq!(
        SetCookie::parse(b"\xff=\xfe").map(|c| c.name()),
        Ok(&b"\xff"[..])
    );
}

#[test]
fn ignores_lines_whatever_the_request() {
    let ignored = |header: &[u8]| SetCookie::parse(header).err();
    assert_eq!(ignored(b""), Some(Ignored::Empty));
    assert_eq!(ignored(b" ; a=1"), Some(Ignored::Empty));
    assert_eq!(ignored(b"=;Secure"), Some(Ignored::Empty));
    assert_eq!(
        ignored(b"a=1\x01"),
        Some(Ignored::ControlCharacter { offset: 3 })
    );
    assert_eq!(
        ignored(b"a=1; x=\x7f"),
        Some(Ignored::ControlCharacter { offset: 7 })
    );
    assert_eq!(
        ignored(b"a=1; Sec\ture"),
        Some(Ignored::ControlCharacter { offset: 8 })
    );
    assert_eq!(
        ignored(b"a\tb=1"),
        Some(Ignored::ControlCharacter { offset: 1 })
    );
    // Tabs next to `=` and `;` are white space.
    assert_eq!(ignored(b"\ta\t=\t1\t;\tSecure\t"), None);
    let long = format!("a={}", "x".repeat(4096));
    assert_eq!(
        ignored(long.as_bytes()),
        Some(Ignored::TooLong { length: 4097 })
    );
    // Without the name, 4,096 bytes: at the limit.
    assert_eq!(ignored(&long.as_bytes()[1..]), None);
    for reserved in ["=__Secure-x", "__host-", "= __HTTP-x", "=__Host-Http-x"] {
        assert_eq!(
            ignored(reserved.as_bytes()),
            Some(Ignored::ReservedPrefix),
            "{reserved}"
        );
    }
    assert_eq!(ignored(b"=__Secure"), None);
    for ambiguous in ["=x=y", "= =x", "==", "\t=a="] {
        assert_eq!(
            ignored(ambiguous.as_bytes()),
            Some(Ignored::EqualsInNamelessValue),
            "{ambiguous}"
        );
    }
    assert_eq!(ignored(b"=x;y=z"), None);
    assert_eq!(ignored(b"x=__Secure-x"), None);
    // A control character in an attribute too long to count still ignores the line.
    let hidden = format!("a=1; x={}\x01", "y".repeat(1100));
    assert!(matches!(
        ignored(hidden.as_bytes()),
        Some(Ignored::ControlCharacter { .. })
    ));
}

#[test]
fn reads_max_age_as_chromium() {
    assert_eq!(expiry("a=1; Max-Age=-"), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age=0; Max-Age=x"), Expiry::Session);
    assert_eq!(expiry("a=1; max-age=0; Max-Age=5a"), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age=10; Max-Age="), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age=+31536000"), Expiry::MaxAge(31_536_000));
    assert_eq!(expiry("a=1; Max-Age=+0"), Expiry::MaxAge(0));
    assert_eq!(expiry("a=1; Max-Age=-0"), Expiry::MaxAge(0));
    assert_eq!(expiry("a=1; Max-Age=+-5"), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age= 0005 "), Expiry::MaxAge(5));
    assert_eq!(expiry("a=1; Max-Age=5 6"), Expiry::Session);
    assert_eq!(expiry("a=1; Max-Age=\u{a0}5"), Expiry::Session);
    assert_eq!(
        expiry("a=1; Max-Age=99999999999999999999x"),
        Expiry::MaxAge(i64::MAX)
    );
    assert_eq!(
        expiry("a=1; Max-Age=-99999999999999999999"),
        Expiry::MaxAge(i64::MIN)
    );
    assert_eq!(
        expiry("a=1; Max-Age=9x99999999999999999999"),
        Expiry::Session
    );
    assert_eq!(
        expiry("a=1; Max-Age=-9223372036854775808"),
        Expiry::MaxAge(i64::MIN)
    );
    // An attribute value over 1,024 bytes is ignored: the earlier one stays.
    let long = format!("a=1; Max-Age=0; Max-Age={}", "1".repeat(1025));
    assert_eq!(expiry(&long), Expiry::MaxAge(0));
    let at_limit = format!("a=1; Max-Age=0; Max-Age={}5", "0".repeat(1023));
    assert_eq!(expiry(&at_limit), Expiry::MaxAge(5));
    // Max-Age wins over Expires, wherever it is.
    assert_eq!(
        expiry("a=1; Max-Age=+31536000; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
        Expiry::MaxAge(31_536_000)
    );
}

#[test]
fn reads_expires_as_chromium() {
    let at = |date: &str| expiry(&format!("a=1; Expires={date}"));
    let feb_28_2027 = Expiry::Expires(1_803_776_523); // 2027-02-28 01:02:03 UTC
    for date in [
        "Sun, 28 Feb 2027 01:02:03 GMT",
        "Sunday, 28-Feb-27 01:02:03 GMT",
        "Sun Feb 28 01:02:03 2027",
        "28 Feb 2027 01:02:03 UTC",
        "28 Feb 2027 01:02:03 +0000",
        "2027 Feb 28 01:02:03",
        "28 Febr 2027 1:2:3",
        "28 Feb 027 0001:02:03",
        "\"28 Feb 2027 01:02:03\"",
        "28=Feb=2027=01:02:03",
        "2x 28 Feb 2027 01:02:03",
        "28 Feb 2027 1:2:3x 01:02:03",
        "28 Feb 2027 4294967296:02:03 01:02:03",
    ] {
        assert_eq!(at(date), feb_28_2027, "{date}");
    }
    for date in [
        "garbage",
        "28 Feb 2027",
        "28 Feb 2027 12:30",
        "28 Feb 2027 1:2:3:4",
        "28x Feb 2027 01:02:03",
        "28 Feb 2027x 01:02:03",
        "28 F\u{e9}b 2027 01:02:03",
        "28 Feb 2027 01:02:03\u{e9}",
        "28 Feb 2027 23:59:60",
        "28 Feb 2027 24:00:00",
        "31 Apr 2027 00:00:00",
        "29 Feb 2027 00:00:00",
        "0 Jan 2030 00:00:00",
        "28 Feb 2027 4294967295:02:03 01:02:03",
        "01 Jan 100000 00:00:00",
        "28 Feb 2027\u{a0}01:02:03",
    ] {
        assert_eq!(at(date), Expiry::Session, "{date}");
    }
    assert_eq!(at("29 Feb 2028 00:00:00"), Expiry::Expires(1_835_395_200));
    assert_eq!(at("Thu, 01 Jan 1970 00:00:00 GMT"), Expiry::Expires(0));
    assert_eq!(at("01 Jan 69 00:00:00"), Expiry::Expires(3_124_224_000));
    assert_eq!(at("01 Jan 1601 00:00:00"), Expiry::Expires(-11_644_473_600));
    assert_eq!(at("01 Jan 0 00:00:00"), Expiry::Expires(946_684_800));
    assert_eq!(
        at("01 Jan 99999 00:00:00"),
        Expiry::Expires(3_093_496_444_800)
    );
    assert_eq!(at("01 Jan 1000 00:00:00"), Expiry::Expires(-30_610_224_000));
    // The last Expires counts; empty, it leaves a session cookie.
    assert_eq!(
        expiry("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=garbage"),
        Expiry::Session
    );
    assert_eq!(
        expiry("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires="),
        Expiry::Session
    );
}

#[test]
fn deletes_only_what_expires_by_now_and_caps_at_400_days() {
    let cookie = |header: &'static str| read(header);
    assert!(cookie("a=; Max-Age=0").deletes(NOW));
    assert!(cookie("a=; Max-Age=-99999999999999999999").deletes(NOW));
    assert!(cookie("a=; Expires=Thu, 01 Jan 1970 00:00:00 UTC").deletes(NOW));
    assert!(cookie("a=; Expires=01 Jan 1000 00:00:00").deletes(NOW));
    assert!(!cookie("a=; Max-Age=-").deletes(NOW));
    assert!(!cookie("a=; Expires=garbage").deletes(NOW));
    assert_eq!(cookie("a=; Max-Age=1").expires_at(NOW), Some(NOW + 1));
    assert_eq!(
        cookie("a=; Max-Age=99999999999999999999").expires_at(NOW),
        Some(NOW + MAX_LIFETIME_SECONDS)
    );
    // An Expires at `now` deletes (the browser compares with its clock, past that second).
    let at_now = SetCookie {
        expiry: Expiry::Expires(NOW),
        ..cookie("a=1")
    };
    assert!(at_now.deletes(NOW) && !at_now.deletes(NOW - 1));
}

#[test]
fn reads_the_last_of_each_attribute() {
    let cookie = read(
        "a=1; Path=/a; Path=; Domain=x.org; Domain=; SameSite=Strict; SameSite=bogus; secure=no; HttpOnly=0; Partitioned=false",
    );
    assert_eq!(cookie.path(), Some(&b""[..]));
    // An empty last Domain takes the earlier one back.
    assert_eq!(cookie.domain(), None);
    assert_eq!(
        read("a=1; Domain=; Domain=x.org").domain(),
        Some(&b"x.org"[..])
    );
    assert_eq!(cookie.same_site(), SameSiteAttribute::Unknown);
    assert!(cookie.secure() && cookie.http_only() && cookie.partitioned());
    assert!(!read("a=1; \u{a0}Secure").secure());
    assert!(!read("a=1; Se cure").secure());
}

#[test]
fn stores_for_an_origin_as_chromium() {
    let local = Origin::new("127.0.0.1", "/dir/page", true);
    let named =
        Origin::new("www.example.com", "/dir/page", false).registrable_domain("example.com");
    let stored = |header: &str, origin: &Origin<'_>| {
        let cookie = read(header);
        cookie
            .stored_for(origin)
            .map(|s| (s.domain().to_vec(), s.host_only(), s.path().to_vec()))
    };
    let kept = |domain: &str, host_only, path: &str| {
        Ok((
            domain.as_bytes().to_vec(),
            host_only,
            path.as_bytes().to_vec(),
        ))
    };
    assert_eq!(stored("a=1", &local), kept("127.0.0.1", true, "/dir"));
    assert_eq!(
        stored("a=1; Path=x", &local),
        kept("127.0.0.1", true, "/dir")
    );
    assert_eq!(
        stored("a=1; Domain=.127.0.0.1", &local),
        kept("127.0.0.1", true, "/dir")
    );
    assert_eq!(
        stored("a=1; Domain=127.0.0.1.", &local),
        Err(Rejected::DomainMismatch)
    );
    assert_eq!(
        stored("a=1; Domain=EXAMPLE.com", &named),
        kept("EXAMPLE.com", false, "/dir")
    );
    assert_eq!(
        stored("a=1; Domain=www.example.com", &named),
        kept("www.example.com", false, "/dir")
    );
    for mismatch in [
        "com",
        "ample.com",
        "x.www.example.com",
        "example.com.",
        "..example.com",
    ] {
        let header = format!("a=1; Domain={mismatch}");
        assert_eq!(
            stored(&header, &named),
            Err(Rejected::DomainMismatch),
            "{mismatch}"
        );
    }
    assert_eq!(
        stored("a=1; Secure", &named),
        Err(Rejected::SecureFromInsecureOrigin)
    );
    assert_eq!(
        stored("a=1; SameSite=None", &local),
        Err(Rejected::SameSiteNoneWithoutSecure)
    );
    assert_eq!(
        stored("a=1; Partitioned", &local),
        Err(Rejected::PartitionedWithoutSecure)
    );
    let secure = Err(Rejected::Prefix(SecurityPrefix::Secure));
    let host = Err(Rejected::Prefix(SecurityPrefix::Host));
    assert_eq!(stored("__SECURE-a=1", &local), secure);
    assert!(stored("__secure-a=1; Secure", &local).is_ok());
    assert!(stored("__Host-a=1; Secure; Path=/; Domain=127.0.0.1", &local).is_ok());
    assert_eq!(
        stored("__Host-a=1; Secure; Path=/; Domain=.127.0.0.1", &local),
        host
    );
    assert_eq!(stored("__host-a=1; Secure; Path=/; Path=", &local), host);
    let localhost = Origin::new("localhost", "/", true);
    assert_eq!(
        stored("__Host-a=1; Secure; Path=/; Domain=localhost", &localhost),
        host
    );
    assert_eq!(
        stored("__Http-a=1; Secure", &local),
        Err(Rejected::HttpPrefix)
    );
    assert!(stored("__http-a=1; Secure; HttpOnly", &local).is_ok());
    assert_eq!(
        stored("__Host-Http-a=1; Secure; Path=/", &local),
        Err(Rejected::HttpPrefix)
    );
}

#[test]
fn agrees_with_the_model_on_odd_headers() {
    for header in [
        &b""[..],
        b"=",
        b";",
        b"a",
        b" a = b ",
        b"a=1;;; ;=;Secure",
        b"a=1; Max-Age=99999999999999999999x; Expires=1 Jan 2030 0:0:0",
        b"__Host-a=1; Secure; Path=/; Domain=127.0.0.1; Domain=",
        b"a=\xff; Domain=\xc3\xa9.example.com",
        b"a=1; Expires=Mon, 01 Jan 1601 00:00:00 GMT",
        b"\ta\t=\t1\t",
        b"a=1\t",
    ] {
        if let Err(difference) = model::differential(header, NOW) {
            panic!("{difference}");
        }
    }
}

mod properties {
    use super::{NOW, model};
    use crate::set_cookie::{SetCookie, reuse};
    use proptest::prelude::*;

    fn text(options: &'static [&'static str]) -> BoxedStrategy<Vec<u8>> {
        prop::sample::select(options)
            .prop_map(|s| s.as_bytes().to_vec())
            .boxed()
    }

    /// White space as browsers trim it (space, tab) and as they do not (Unicode).
    fn space() -> BoxedStrategy<Vec<u8>> {
        prop_oneof![
            6 => Just(Vec::new()),
            2 => text(&[" ", "  ", "\t", " \t "]),
            1 => text(&["\u{a0}", "\u{3000}", "\u{2003}", "\u{85}", "\u{1680}", "\u{2028}"]),
        ]
        .boxed()
    }

    /// Anything at all, rarely: raw bytes, control characters, separators.
    fn junk() -> BoxedStrategy<Vec<u8>> {
        prop_oneof![
            3 => prop::collection::vec(any::<u8>(), 1..4),
            2 => text(&["\x01", "\x7f", "\t", "=", ";", "\"", "\u{e9}", "\u{fffd}"]),
            1 => Just(vec![b'7'; 1030]),
        ]
        .boxed()
    }

    fn word(options: &'static [&'static str]) -> BoxedStrategy<Vec<u8>> {
        prop_oneof![8 => text(options), 1 => junk()].boxed()
    }

    /// `a`, `b` and `c` one after the other.
    fn concat3(
        a: impl Strategy<Value = Vec<u8>> + 'static,
        b: impl Strategy<Value = Vec<u8>> + 'static,
        c: impl Strategy<Value = Vec<u8>> + 'static,
    ) -> BoxedStrategy<Vec<u8>> {
        (a, b, c).prop_map(|(a, b, c)| [a, b, c].concat()).boxed()
    }

    /// An attribute name in any case, sometimes misspelt or with Unicode white space.
    fn attribute_name() -> BoxedStrategy<Vec<u8>> {
        let name = prop_oneof![
            10 => "(?i)(max-age|expires|domain|path|samesite|secure|httponly|partitioned)"
                .prop_map(String::into_bytes),
            1 => text(&["maxage", "Max\u{a0}-Age", "\u{a0}Secure", "priority", "x", ""]),
        ];
        concat3(space(), name, space()).boxed()
    }

    /// `Max-Age` values: signs, short and overflowing numbers, trailing junk.
    fn max_age_value() -> BoxedStrategy<Vec<u8>> {
        concat3(
            text(&["", "", "+", "-", "--", "+-"]),
            prop_oneof![
                "[0-9]{1,3}",
                "[0-9]{18,22}",
                Just("9223372036854775808".to_string())
            ]
            .prop_map(String::into_bytes),
            word(&["", "", "", "x", " 5", "\u{a0}"]),
        )
        .boxed()
    }

    /// Dates: a day, a month, a year and a time, in any order, each possibly broken, among
    /// extra tokens.
    fn date_value() -> BoxedStrategy<Vec<u8>> {
        (
                prop_oneof![
                    6 => (1u32..=31, any::<bool>()).prop_map(|(d, pad)| if pad { format!("{d:02}") } else { d.to_string() }),
                    1 => "[0-9]{3}",
                    1 => "[0-9]{1,2}[a-z]",
                ],
                text(&["Jan", "feb", "MAR", "Sept", "December", "Xyz", "Ju"]),
                prop_oneof![
                    3 => (0u32..=99).prop_map(|y| format!("{y:02}")),
                    3 => (1590u32..=2200).prop_map(|y| y.to_string()),
                    1 => "0?[0-9]{1,5}",
                ],
                prop_oneof![
                    6 => (0u32..=24, 0u32..=60, 0u32..=60).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}")),
                    1 => (0u32..=23, 0u32..=59, 0u32..=59).prop_map(|(h, m, s)| format!("{h}:{m}:{s}")),
                    1 => "[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3}){0,2}[a-z]?",
                ],
                prop::collection::vec(
                    prop_oneof![
                        text(&["Thu,", "Wed", "GMT", "UTC", "+0000", "-0800"]),
                        "[0-9]{1,6}".prop_map(String::into_bytes),
                        junk(),
                    ],
                    0..3,
                ),
            )
                .prop_flat_map(|(day, month, year, time, extra)| {
                    let mut tokens = vec![day.into_bytes(), month, year.into_bytes(), time.into_bytes()];
                    tokens.extend(extra);
                    let n = tokens.len();
                    (
                        Just(tokens).prop_shuffle(),
                        prop::collection::vec(text(&[" ", " ", "-", ",", ".", "=", "\t"]), n),
                    )
                })
                .prop_map(|(tokens, separators)| {
                    tokens.into_iter().zip(separators).flat_map(|(t, s)| [t, s]).collect::<Vec<_>>().concat()
                })
        .boxed()
    }

    /// A value such as each attribute takes, valid or not.
    fn attribute_value() -> BoxedStrategy<Vec<u8>> {
        let value = prop_oneof![
            3 => max_age_value(),
            3 => date_value(),
            3 => word(&["example.com", ".example.com", "EXAMPLE.COM", "www.example.com", "com", "co.uk",
                        "example.co.uk", "127.0.0.1", ".127.0.0.1", "localhost", "[::1]", "\u{e9}x.com", ".", ""]),
            3 => word(&["/", "/dir", "/dir/", "x", "", "/\u{e9}", "//"]),
            2 => word(&["Strict", "lax", "NONE", "bogus", ""]),
        ];
        concat3(space(), value, space()).boxed()
    }

    /// `name=value` with white space around each.
    fn named(
        name: &'static str,
        value: impl Strategy<Value = Vec<u8>> + 'static,
    ) -> BoxedStrategy<Vec<u8>> {
        (
            concat3(space(), name.prop_map(String::into_bytes), space()),
            text(&["=", "=", " = "]),
            concat3(space(), value, space()),
        )
            .prop_map(|(n, e, v)| [n, e, v].concat())
            .boxed()
    }

    /// One attribute: mostly a known name with a value of its kind, sometimes any name with
    /// any value, or junk.
    fn attribute() -> BoxedStrategy<Vec<u8>> {
        prop_oneof![
            3 => named("(?i)max-age", max_age_value()),
            3 => named("(?i)expires", date_value()),
            2 => named("(?i)domain", attribute_value()),
            2 => named("(?i)path", attribute_value()),
            1 => named("(?i)samesite", attribute_value()),
            2 => attribute_name(),
            2 => (attribute_name(), text(&["=", "=", " = "]), attribute_value())
                .prop_map(|(n, e, v)| [n, e, v].concat()),
            1 => junk(),
        ]
        .boxed()
    }

    /// A header as a server might send it: a name-value pair (or a value alone, or a name
    /// whose value starts with `=`), then attributes after separators.
    fn header() -> BoxedStrategy<Vec<u8>> {
        let name = word(&[
            "a",
            "id",
            "tracker",
            "__Secure-id",
            "__host-ID",
            "__Http-x",
            "__Host-Http-y",
            "",
            "x y",
            "\"q\"",
        ]);
        let value = word(&[
            "1",
            "v",
            "",
            "x=y",
            "\"q\"",
            "__Secure-v",
            "__HOST-v",
            "a b",
        ]);
        let pair = prop_oneof![
            6 => (space(), name, space(), text(&["=", "=", "=="]), space(), value, space())
                .prop_map(|(a, b, c, d, e, f, g)| [a, b, c, d, e, f, g].concat()),
            1 => concat3(space(), text(&["tracker", "__Secure-x", "a b", ""]), space()),
        ];
        let separator = text(&[";", "; ", "; ", " ;", ";;", ";\t", "\t; "]);
        (pair, prop::collection::vec((separator, attribute()), 0..8))
            .prop_map(|(pair, attributes)| {
                let mut header = pair;
                for (separator, attribute) in attributes {
                    header.extend_from_slice(&separator);
                    header.extend_from_slice(&attribute);
                }
                header
            })
            .boxed()
    }

    /// Pieces of the grammar in any order: what the structured headers above do not reach.
    fn soup() -> BoxedStrategy<Vec<u8>> {
        let piece = prop_oneof![
            4 => text(&[";"]),
            4 => text(&["="]),
            3 => space(),
            2 => text(&["-", "+", ":", ",", "."]),
            3 => "[0-9]{1,25}".prop_map(String::into_bytes),
            4 => "(?i)(secure|httponly|partitioned|max-age|domain|path|samesite|expires)"
                .prop_map(String::into_bytes),
            2 => "(?i)(mon|thu|jan|feb|sept|december|gmt|utc|strict|lax|none)".prop_map(String::into_bytes),
            1 => "(?i)(__secure-|__host-|__http-|__host-http-)".prop_map(String::into_bytes),
            2 => "[a-z_./]{1,6}".prop_map(String::into_bytes),
            1 => junk(),
        ];
        prop::collection::vec(piece, 0..24)
            .prop_map(|pieces| pieces.concat())
            .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4_000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn reads_headers_as_the_model(header in header()) {
            if let Err(difference) = model::differential(&header, NOW) {
                return Err(TestCaseError::fail(difference));
            }
        }

        /// Headers sharing their attributes, read on one thread in turn: what is kept of the
        /// first one's attributes reads the others exactly as `parse` does.
        #[test]
        fn reusing_read_attributes_reads_as_parse(
            headers in prop::collection::vec(prop_oneof![header(), soup()], 1..6),
            shared in prop_oneof![header(), soup()],
        ) {
            let attributes = match shared.iter().position(|&b| b == b';') {
                Some(at) => shared[at..].to_vec(),
                None => Vec::new(),
            };
            for round in 0..2 {
                for header in &headers {
                    let pair = header.split(|&b| b == b';').next().unwrap_or_default();
                    let with_shared: Vec<u8> = [pair, &attributes].concat();
                    for header in [&header[..], &with_shared[..]] {
                        prop_assert_eq!(
                            reuse::parse(header),
                            SetCookie::parse(header),
                            "round {}: {:?}", round, header.escape_ascii().to_string()
                        );
                    }
                }
            }
        }

        #[test]
        fn reads_any_bytes_as_the_model(header in soup()) {
            if let Err(difference) = model::differential(&header, NOW) {
                return Err(TestCaseError::fail(difference));
            }
        }
    }
}
