//! The same declarations, in any order and with repeats, render to the same bytes.

#[path = "render/fixtures.rs"]
mod fixtures;

use cookie_registry::declaration::CookieDeclaration;
use cookie_registry::render::{Format, Policy, PolicyOptions};

fn all() -> Vec<&'static CookieDeclaration> {
    let mut all = fixtures::seed_cookies();
    all.extend(fixtures::hostile_cookies());
    all
}

/// Deterministic shuffles: reversed, rotated, and a few pseudo-random permutations.
fn orders() -> Vec<Vec<&'static CookieDeclaration>> {
    let base = all();
    let mut orders = vec![base.clone()];
    let mut reversed = base.clone();
    reversed.reverse();
    orders.push(reversed);
    for k in 1..base.len() {
        let mut rotated = base.clone();
        rotated.rotate_left(k);
        orders.push(rotated);
    }
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..20 {
        let mut shuffled = base.clone();
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        orders.push(shuffled);
    }
    // Repeats are listed once.
    let mut repeated = base.clone();
    repeated.extend(base.iter().rev().copied());
    orders.push(repeated);
    orders
}

#[test]
fn input_order_does_not_change_a_byte() {
    let orders = orders();
    for lang in ["en", "fr", "fr-CA", "de"] {
        let options = PolicyOptions::new(lang)
            .unwrap()
            .with_site("https://example.com");
        for format in Format::ALL.iter().copied() {
            let first = Policy::new(&orders[0]).render(format, &options).unwrap();
            for order in &orders[1..] {
                let other = Policy::new(order).render(format, &options).unwrap();
                assert!(
                    first == other,
                    "{lang} {format}: order {:?} renders differently",
                    order
                        .iter()
                        .map(|d| d.name().to_string())
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let declarations = all();
    let policy = Policy::new(&declarations);
    let options = PolicyOptions::new("fr").unwrap();
    for format in Format::ALL.iter().copied() {
        assert_eq!(
            policy.render(format, &options).unwrap(),
            policy.render(format, &options).unwrap()
        );
    }
}
