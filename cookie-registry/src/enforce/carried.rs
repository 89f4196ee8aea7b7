//! The request's `Cookie` header values an adapter keeps until the response, for the judgment
//! of the cookies a withdrawn category still has in the browser.

/// A request's `Cookie` header values, of whatever header type the framework uses. HTTP/1.1
/// sends one `Cookie` header, HTTP/2 may send several: the usual single one is kept without
/// allocating (cloning a header value shares its bytes, it does not copy them).
pub(crate) enum CarriedHeaders<V> {
    None,
    One(V),
    Several(Vec<V>),
}

impl<V: Clone> CarriedHeaders<V> {
    /// Keeps `values` (clones of them).
    pub(crate) fn keep<'a>(mut values: impl Iterator<Item = &'a V>) -> CarriedHeaders<V>
    where
        V: 'a,
    {
        let Some(first) = values.next() else {
            return CarriedHeaders::None;
        };
        let Some(second) = values.next() else {
            return CarriedHeaders::One(first.clone());
        };
        let mut several = vec![first.clone(), second.clone()];
        several.extend(values.cloned());
        CarriedHeaders::Several(several)
    }

    /// The values kept, in the request's order.
    pub(crate) fn as_slice(&self) -> &[V] {
        match self {
            CarriedHeaders::None => &[],
            CarriedHeaders::One(value) => std::slice::from_ref(value),
            CarriedHeaders::Several(values) => values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CarriedHeaders;

    #[test]
    fn keeps_every_value_in_order() {
        for n in 0..4 {
            let values: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let kept = CarriedHeaders::keep(values.iter());
            assert_eq!(kept.as_slice(), values.as_slice());
            assert_eq!(matches!(kept, CarriedHeaders::One(_)), n == 1);
        }
    }
}
