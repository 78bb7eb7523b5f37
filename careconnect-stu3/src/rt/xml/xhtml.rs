//! The narrative's XHTML subset: what `txt-1` and `txt-2` allow in `Narrative.div`.
//!
//! Both constraints are on `Narrative.div` in the STU3 definition of `Narrative`
//! (<http://hl7.org/fhir/STU3/narrative.html>, `StructureDefinition-Narrative.json` of
//! the 3.0.1 core package); the lists below are those of their XPath expressions, word for
//! word:
//!
//! - **txt-1**: "The narrative SHALL contain only the basic html formatting elements and
//!   attributes described in chapters 7-11 (except section 4 of chapter 9) and 15 of the
//!   HTML 4.0 standard, `<a>` elements (either name or href), images and internally
//!   contained style attributes". Every element's local name is one of [`ELEMENTS`] and
//!   every attribute's name one of [`ATTRIBUTES`] (namespace declarations are not
//!   attributes; `xml:lang` is, and is not in the list). `Narrative.div`'s definition adds
//!   that the XHTML "SHALL NOT contain a head, a body, external stylesheet references,
//!   scripts, forms, base/link/xlink, frames, iframes and objects": the lists leave out
//!   every such element and every event attribute (`onclick`, ...); the one script they
//!   would let through, a `javascript:` URL in an `href` or `src`, is refused too.
//! - **txt-2**: "The narrative SHALL have some non-whitespace content": some text other
//!   than XML whitespace (a character reference counts as the character it stands for), or
//!   an `img` with a `src`.

/// The elements txt-1 allows, by local name (sorted).
pub const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "ul",
    "var",
];

/// The attributes txt-1 allows, by name (sorted).
pub const ATTRIBUTES: &[&str] = &[
    "abbr",
    "accesskey",
    "align",
    "alt",
    "axis",
    "bgcolor",
    "border",
    "cellhalign",
    "cellpadding",
    "cellspacing",
    "cellvalign",
    "char",
    "charoff",
    "charset",
    "cite",
    "class",
    "colspan",
    "compact",
    "coords",
    "dir",
    "frame",
    "headers",
    "height",
    "href",
    "hreflang",
    "hspace",
    "id",
    "lang",
    "longdesc",
    "name",
    "nowrap",
    "rel",
    "rev",
    "rowspan",
    "rules",
    "scope",
    "shape",
    "span",
    "src",
    "start",
    "style",
    "summary",
    "tabindex",
    "title",
    "type",
    "valign",
    "value",
    "vspace",
    "width",
];

/// Whether txt-1 allows an element with local name `name`.
pub fn allowed_element(name: &[u8]) -> bool {
    listed(ELEMENTS, &SHORT_ELEMENTS, name)
}

/// Whether txt-1 allows an attribute named `name` (as written, prefix included).
pub fn allowed_attribute(name: &[u8]) -> bool {
    listed(ATTRIBUTES, &SHORT_ATTRIBUTES, name)
}

/// The names of up to eight bytes of each list, packed into a `u64` and sorted: the
/// narrative check looks up every element and attribute name of every `div`, and a search
/// among integers is several times quicker than one among strings (a `memcmp` call each).
static SHORT_ELEMENTS: [u64; count_short(ELEMENTS)] = packed_sorted(ELEMENTS);
static SHORT_ATTRIBUTES: [u64; count_short(ATTRIBUTES)] = packed_sorted(ATTRIBUTES);

/// Whether `name` is in `list` (sorted, as the tests check), whose short names `short`
/// holds packed.
fn listed(list: &[&str], short: &[u64], name: &[u8]) -> bool {
    if name.len() <= 8 {
        let mut bytes = [0u8; 8];
        bytes[..name.len()].copy_from_slice(name);
        // A name with a NUL byte would pack like a shorter one; no name in a list has one.
        !name.contains(&0) && short.binary_search(&u64::from_le_bytes(bytes)).is_ok()
    } else {
        list.binary_search_by(|n| n.as_bytes().cmp(name)).is_ok()
    }
}

const fn count_short(list: &[&str]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < list.len() {
        if list[i].len() <= 8 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of `list` of up to eight bytes, each packed little-endian into a `u64`,
/// sorted as integers.
const fn packed_sorted<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut n = 0;
    let mut i = 0;
    while i < list.len() {
        let name = list[i].as_bytes();
        if name.len() <= 8 {
            let mut v = 0u64;
            let mut j = 0;
            while j < name.len() {
                v |= (name[j] as u64) << (8 * j);
                j += 1;
            }
            // Insertion into the sorted prefix.
            let mut k = n;
            while k > 0 && out[k - 1] > v {
                out[k] = out[k - 1];
                k -= 1;
            }
            out[k] = v;
            n += 1;
        }
        i += 1;
    }
    out
}

/// Whether attribute `name` with the (unescaped) value `value` is a script: a
/// `javascript:` URL in an `href` or `src` (the scheme ignoring case and leading
/// whitespace, as browsers read it).
pub fn is_script_url(name: &[u8], value: &str) -> bool {
    matches!(name, b"href" | b"src")
        && value
            .trim_start()
            .get(..11)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("javascript:"))
}

/// Whether the text `t` counts as content for txt-2: something other than XML whitespace.
pub fn has_content(t: &[u8]) -> bool {
    t.iter().any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The txt-1 violation of an element that is not allowed.
pub fn element_message(name: &str) -> String {
    format!(
        "the narrative holds a <{name}> element, which is not among the basic XHTML elements a narrative may contain"
    )
}

/// The txt-1 violation of an attribute that is not allowed.
pub fn attribute_message(element: &str, name: &str) -> String {
    format!(
        "the narrative holds a '{name}' attribute on <{element}>, which is not among the attributes a narrative may contain"
    )
}

/// The txt-1 violation of a `javascript:` URL.
pub fn script_url_message(element: &str, name: &str) -> String {
    format!(
        "the narrative holds a javascript: URL in '{name}' on <{element}>: a narrative contains no scripts"
    )
}

/// The txt-2 violation.
pub const NO_CONTENT: &str =
    "the narrative has no text other than whitespace and no image with a src";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name of a list, and names one byte off each (shorter, longer, one byte
    /// changed, a NUL inside), give what a search of the list itself gives.
    #[test]
    fn the_packed_lookup_agrees_with_the_lists() {
        for (list, allowed) in [
            (ELEMENTS, allowed_element as fn(&[u8]) -> bool),
            (ATTRIBUTES, allowed_attribute),
        ] {
            let mut probes: Vec<Vec<u8>> = Vec::new();
            for name in list {
                let b = name.as_bytes();
                probes.push(b.to_vec());
                probes.push(b[..b.len() - 1].to_vec());
                probes.push([b, b"x"].concat());
                probes.push([b, b"\0"].concat());
                probes.push([b"\0", b].concat());
                for i in 0..b.len() {
                    let mut c = b.to_vec();
                    c[i] ^= 0x20;
                    probes.push(c);
                }
            }
            probes.push(Vec::new());
            probes.push(b"abcdefghi".to_vec());
            for p in probes {
                let expected = list.iter().any(|n| n.as_bytes() == p.as_slice());
                assert_eq!(allowed(&p), expected, "{:?}", String::from_utf8_lossy(&p));
            }
        }
    }

    #[test]
    fn the_lists_are_sorted_and_the_matchers_take_exactly_them() {
        assert!(ELEMENTS.is_sorted() && ATTRIBUTES.is_sorted());
        for name in ELEMENTS {
            assert!(allowed_element(name.as_bytes()), "{name}");
        }
        for name in ATTRIBUTES {
            assert!(allowed_attribute(name.as_bytes()), "{name}");
        }
        // The counts of the txt-1 XPath of the STU3 Narrative definition.
        assert_eq!(ELEMENTS.len(), 48);
        assert_eq!(ATTRIBUTES.len(), 49);
        for name in [
            "script", "style", "form", "input", "iframe", "frame", "object", "embed", "link",
            "base", "body", "head", "html", "meta", "svg", "button", "DIV", "P",
        ] {
            assert!(!allowed_element(name.as_bytes()), "{name}");
        }
        for name in [
            "onclick",
            "onerror",
            "onload",
            "xml:lang",
            "xmlns",
            "action",
            "formaction",
            "srcdoc",
            "HREF",
        ] {
            assert!(!allowed_attribute(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn javascript_urls_are_scripts_in_href_and_src_only() {
        assert!(is_script_url(b"href", "javascript:alert(1)"));
        assert!(is_script_url(b"src", "  JavaScript:x"));
        assert!(!is_script_url(b"href", "http://example.org/javascript:"));
        assert!(!is_script_url(b"title", "javascript:x"));
        assert!(!is_script_url(b"href", "javascript"));
    }
}
