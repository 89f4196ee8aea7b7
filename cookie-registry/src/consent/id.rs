//! The consent ID: a random identifier of one browser's consent, recorded with every choice
//! made in it, and shown to the visitor so that they can quote it.

use core::fmt;

/// A random 128-bit identifier of the consent given in one browser: the consent cookie carries
/// it from one choice to the next, and the server's records of those choices share it, so a
/// visitor who quotes it (it is shown on the preferences page) can be given their records.
///
/// It identifies a browser's choices, not a person: it is drawn at random at the first choice,
/// derived from nothing, and kept only in the visitor's consent cookie and the consent log.
///
/// ```
/// use cookie_registry::consent::ConsentId;
///
/// let id = ConsentId::random()?;
/// let text = id.to_string();
/// assert_eq!(text.len(), 32);
/// assert_eq!(ConsentId::parse_hex(text.as_bytes()), Some(id));
/// # Ok::<(), cookie_registry::consent::RandomnessUnavailable>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsentId([u8; 16]);

impl ConsentId {
    /// A new identifier from the operating system's random source.
    ///
    /// # Errors
    ///
    /// [`RandomnessUnavailable`] when the operating system gives no random bytes (which does not
    /// happen on the platforms Rust supports once they have booted).
    pub fn random() -> Result<ConsentId, RandomnessUnavailable> {
        let mut bytes = [0; 16];
        getrandom::fill(&mut bytes).map_err(|_| RandomnessUnavailable)?;
        Ok(ConsentId(bytes))
    }

    /// The identifier with these bytes (tests, or an identifier stored elsewhere).
    pub const fn from_bytes(bytes: [u8; 16]) -> ConsentId {
        ConsentId(bytes)
    }

    /// The 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Parses the 32 lowercase hexadecimal digits [`Display`](fmt::Display) writes; `None` for
    /// anything else.
    pub fn parse_hex(text: &[u8]) -> Option<ConsentId> {
        if text.len() != 32 {
            return None;
        }
        let (high, low) = text.split_at(16);
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&crate::bytes::hex_u64(high)?.to_be_bytes());
        bytes[8..].copy_from_slice(&crate::bytes::hex_u64(low)?.to_be_bytes());
        Some(ConsentId(bytes))
    }
}

impl fmt::Display for ConsentId {
    /// 32 lowercase hexadecimal digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentId({self})")
    }
}

/// The operating system gave no random bytes for a [`ConsentId`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RandomnessUnavailable;

impl fmt::Display for RandomnessUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the operating system's random source gave no bytes for a consent ID")
    }
}

crate::errors::debug_as_display!(RandomnessUnavailable);
impl std::error::Error for RandomnessUnavailable {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_refusals() {
        let id = ConsentId::from_bytes([0xab; 16]);
        assert_eq!(id.to_string(), "ab".repeat(16));
        assert_eq!(ConsentId::parse_hex(id.to_string().as_bytes()), Some(id));
        assert_eq!(ConsentId::parse_hex("AB".repeat(16).as_bytes()), None);
        assert_eq!(ConsentId::parse_hex(b"abc"), None);
        assert_eq!(ConsentId::parse_hex("zz".repeat(16).as_bytes()), None);
        assert_ne!(ConsentId::random().unwrap(), ConsentId::random().unwrap());
    }
}
