//! Share links: the whole lab in the URL's fragment, `#lab=` followed by the saved
//! document ([`super::format`]) compressed with raw DEFLATE and written in base64url
//! (RFC 4648 §5, no padding). The fragment never reaches a server, so a shared lab
//! stays between the people who pass the link around. Plain Rust, no browser.

use super::format::{self, LoadError};
use crate::lab::Lab;

/// What starts the fragment of a share link.
pub const PREFIX: &str = "lab=";

/// A decompressed document larger than this is not a lab anyone built by hand; the
/// limit keeps a crafted link from exhausting the page's memory.
const LARGEST_DOCUMENT: usize = 8 * 1024 * 1024;

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is cut or damaged (it is not base64url)")]
    NotBase64,
    #[error("the link is cut or damaged (its data does not decompress)")]
    NotDeflate,
    #[error("the link holds more than {} MB", LARGEST_DOCUMENT / (1024 * 1024))]
    TooLarge,
    #[error("the link's lab is not text")]
    NotText,
    #[error("the link's lab cannot be read: {0}")]
    Lab(#[from] LoadError),
}

/// The fragment (without `#`) that holds this lab.
pub fn encode(lab: &Lab) -> String {
    format!("{PREFIX}{}", pack(&format::to_json(lab)))
}

/// Is this fragment (with or without its `#`) a share link?
pub fn is_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(PREFIX)
}

/// The lab a fragment holds.
pub fn decode(fragment: &str) -> Result<Lab, LinkError> {
    let data = fragment.trim_start_matches('#');
    let data = data.strip_prefix(PREFIX).unwrap_or(data);
    Ok(format::from_json(&unpack(data)?)?)
}

/// Text as a link carries it: raw DEFLATE written in base64url. The Lessons tab's
/// exercise links (`#exercise=`) carry an exercise file the same way.
pub fn pack(text: &str) -> String {
    base64url_encode(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9))
}

/// The text [`pack`] wrote, refused when damaged or larger than a lab could be.
pub fn unpack(data: &str) -> Result<String, LinkError> {
    let packed = base64url_decode(data.trim()).ok_or(LinkError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, LARGEST_DOCUMENT).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            LinkError::TooLarge
        } else {
            LinkError::NotDeflate
        }
    })?;
    String::from_utf8(json).map_err(|_| LinkError::NotText)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // One more output character than input bytes: 1 → 2, 2 → 3, 3 → 4.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    // Padding is tolerated: some mail programs add it back.
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_lab_comes_back_the_same_through_a_link() {
        let lab = super::super::format::tests::worked_lab();
        let link = encode(&lab);
        assert!(is_link(&link) && is_link(&format!("#{link}")));
        assert_eq!(decode(&link).unwrap(), lab);
        assert_eq!(decode(&format!("#{link}")).unwrap(), lab);
    }

    #[test]
    fn the_chapters_link_is_short_enough_to_paste() {
        // Browsers and chat programs take URLs of tens of kilobytes; keep well under.
        let link = encode(&Lab::chapter());
        assert!(link.len() < 4000, "{} characters", link.len());
    }

    #[test]
    fn base64url_matches_rfc_4648() {
        // RFC 4648 §10's test vectors, without padding, in the URL-safe alphabet.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url_encode(plain.as_bytes()), encoded);
            assert_eq!(base64url_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("Zg=="), Some(b"f".to_vec()));
        assert_eq!(base64url_decode("Zm9v+"), None);
        assert_eq!(base64url_decode("Z"), None);
    }

    #[test]
    fn a_damaged_link_says_so() {
        let link = encode(&Lab::chapter());
        assert_eq!(decode("lab=%%%"), Err(LinkError::NotBase64));
        let cut = decode(&link[..link.len() / 2]);
        assert!(matches!(cut, Err(LinkError::NotDeflate | LinkError::NotBase64)), "{cut:?}");
        assert_eq!(decode("lab=AAAA"), Err(LinkError::NotDeflate));
        let not_a_lab = base64url_encode(&miniz_oxide::deflate::compress_to_vec(b"{\"Vpcs\": 1}", 6));
        assert!(matches!(decode(&not_a_lab), Err(LinkError::Lab(_))));
    }

    #[test]
    fn a_link_that_inflates_to_too_much_is_refused() {
        let huge = vec![b' '; LARGEST_DOCUMENT + 1];
        let link = base64url_encode(&miniz_oxide::deflate::compress_to_vec(&huge, 9));
        assert_eq!(decode(&link), Err(LinkError::TooLarge));
    }

    proptest! {
        #[test]
        fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }

        #[test]
        fn any_fragment_opens_or_says_why(text in "\\PC{0,200}") {
            let _ = decode(&text);
        }

        #[test]
        fn any_compressed_bytes_open_or_say_why(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let link = base64url_encode(&miniz_oxide::deflate::compress_to_vec(&bytes, 1));
            prop_assert!(decode(&link).is_err() || std::str::from_utf8(&bytes).is_ok());
        }
    }
}
