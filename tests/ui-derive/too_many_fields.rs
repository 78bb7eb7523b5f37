// A struct has at most 128 elements (the reader tracks them in a `u128`).
use careconnect_models::rt::Primitive;
use careconnect_models::rt::{FhirJson, FhirXml};

#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Tag")]
struct Tag {
    #[fhir(name = "e0", primitive)]
    e0: Option<Primitive<String>>,
    #[fhir(name = "e1", primitive)]
    e1: Option<Primitive<String>>,
    #[fhir(name = "e2", primitive)]
    e2: Option<Primitive<String>>,
    #[fhir(name = "e3", primitive)]
    e3: Option<Primitive<String>>,
    #[fhir(name = "e4", primitive)]
    e4: Option<Primitive<String>>,
    #[fhir(name = "e5", primitive)]
    e5: Option<Primitive<String>>,
    #[fhir(name = "e6", primitive)]
    e6: Option<Primitive<String>>,
    #[fhir(name = "e7", primitive)]
    e7: Option<Primitive<String>>,
    #[fhir(name = "e8", primitive)]
    e8: Option<Primitive<String>>,
    #[fhir(name = "e9", primitive)]
    e9: Option<Primitive<String>>,
    #[fhir(name = "e10", primitive)]
    e10: Option<Primitive<String>>,
    #[fhir(name = "e11", primitive)]
    e11: Option<Primitive<String>>,
    #[fhir(name = "e12", primitive)]
    e12: Option<Primitive<String>>,
    #[fhir(name = "e13", primitive)]
    e13: Option<Primitive<String>>,
    #[fhir(name = "e14", primitive)]
    e14: Option<Primitive<String>>,
    #[fhir(name = "e15", primitive)]
    e15: Option<Primitive<String>>,
    #[fhir(name = "e16", primitive)]
    e16: Option<Primitive<String>>,
    #[fhir(name = "e17", primitive)]
    e17: Option<Primitive<String>>,
    #[fhir(name = "e18", primitive)]
    e18: Option<Primitive<String>>,
    #[fhir(name = "e19", primitive)]
    e19: Option<Primitive<String>>,
    #[fhir(name = "e20", primitive)]
    e20: Option<Primitive<String>>,
    #[fhir(name = "e21", primitive)]
    e21: Option<Primitive<String>>,
    #[fhir(name = "e22", primitive)]
    e22: Option<Primitive<String>>,
    #[fhir(name = "e23", primitive)]
    e23: Option<Primitive<String>>,
    #[fhir(name = "e24", primitive)]
    e24: Option<Primitive<String>>,
    #[fhir(name = "e25", primitive)]
    e25: Option<Primitive<String>>,
    #[fhir(name = "e26", primitive)]
    e26: Option<Primitive<String>>,
    #[fhir(name = "e27", primitive)]
    e27: Option<Primitive<String>>,
    #[fhir(name = "e28", primitive)]
    e28: Option<Primitive<String>>,
    #[fhir(name = "e29", primitive)]
    e29: Option<Primitive<String>>,
    #[fhir(name = "e30", primitive)]
    e30: Option<Primitive<String>>,
    #[fhir(name = "e31", primitive)]
    e31: Option<Primitive<String>>,
    #[fhir(name = "e32", primitive)]
    e32: Option<Primitive<String>>,
    #[fhir(name = "e33", primitive)]
    e33: Option<Primitive<String>>,
    #[fhir(name = "e34", primitive)]
    e34: Option<Primitive<String>>,
    #[fhir(name = "e35", primitive)]
    e35: Option<Primitive<String>>,
    #[fhir(name = "e36", primitive)]
    e36: Option<Primitive<String>>,
    #[fhir(name = "e37", primitive)]
    e37: Option<Primitive<String>>,
    #[fhir(name = "e38", primitive)]
    e38: Option<Primitive<String>>,
    #[fhir(name = "e39", primitive)]
    e39: Option<Primitive<String>>,
    #[fhir(name = "e40", primitive)]
    e40: Option<Primitive<String>>,
    #[fhir(name = "e41", primitive)]
    e41: Option<Primitive<String>>,
    #[fhir(name = "e42", primitive)]
    e42: Option<Primitive<String>>,
    #[fhir(name = "e43", primitive)]
    e43: Option<Primitive<String>>,
    #[fhir(name = "e44", primitive)]
    e44: Option<Primitive<String>>,
    #[fhir(name = "e45", primitive)]
    e45: Option<Primitive<String>>,
    #[fhir(name = "e46", primitive)]
    e46: Option<Primitive<String>>,
    #[fhir(name = "e47", primitive)]
    e47: Option<Primitive<String>>,
    #[fhir(name = "e48", primitive)]
    e48: Option<Primitive<String>>,
    #[fhir(name = "e49", primitive)]
    e49: Option<Primitive<String>>,
    #[fhir(name = "e50", primitive)]
    e50: Option<Primitive<String>>,
    #[fhir(name = "e51", primitive)]
    e51: Option<Primitive<String>>,
    #[fhir(name = "e52", primitive)]
    e52: Option<Primitive<String>>,
    #[fhir(name = "e53", primitive)]
    e53: Option<Primitive<String>>,
    #[fhir(name = "e54", primitive)]
    e54: Option<Primitive<String>>,
    #[fhir(name = "e55", primitive)]
    e55: Option<Primitive<String>>,
    #[fhir(name = "e56", primitive)]
    e56: Option<Primitive<String>>,
    #[fhir(name = "e57", primitive)]
    e57: Option<Primitive<String>>,
    #[fhir(name = "e58", primitive)]
    e58: Option<Primitive<String>>,
    #[fhir(name = "e59", primitive)]
    e59: Option<Primitive<String>>,
    #[fhir(name = "e60", primitive)]
    e60: Option<Primitive<String>>,
    #[fhir(name = "e61", primitive)]
    e61: Option<Primitive<String>>,
    #[fhir(name = "e62", primitive)]
    e62: Option<Primitive<String>>,
    #[fhir(name = "e63", primitive)]
    e63: Option<Primitive<String>>,
    #[fhir(name = "e64", primitive)]
    e64: Option<Primitive<String>>,
    #[fhir(name = "e65", primitive)]
    e65: Option<Primitive<String>>,
    #[fhir(name = "e66", primitive)]
    e66: Option<Primitive<String>>,
    #[fhir(name = "e67", primitive)]
    e67: Option<Primitive<String>>,
    #[fhir(name = "e68", primitive)]
    e68: Option<Primitive<String>>,
    #[fhir(name = "e69", primitive)]
    e69: Option<Primitive<String>>,
    #[fhir(name = "e70", primitive)]
    e70: Option<Primitive<String>>,
    #[fhir(name = "e71", primitive)]
    e71: Option<Primitive<String>>,
    #[fhir(name = "e72", primitive)]
    e72: Option<Primitive<String>>,
    #[fhir(name = "e73", primitive)]
    e73: Option<Primitive<String>>,
    #[fhir(name = "e74", primitive)]
    e74: Option<Primitive<String>>,
    #[fhir(name = "e75", primitive)]
    e75: Option<Primitive<String>>,
    #[fhir(name = "e76", primitive)]
    e76: Option<Primitive<String>>,
    #[fhir(name = "e77", primitive)]
    e77: Option<Primitive<String>>,
    #[fhir(name = "e78", primitive)]
    e78: Option<Primitive<String>>,
    #[fhir(name = "e79", primitive)]
    e79: Option<Primitive<String>>,
    #[fhir(name = "e80", primitive)]
    e80: Option<Primitive<String>>,
    #[fhir(name = "e81", primitive)]
    e81: Option<Primitive<String>>,
    #[fhir(name = "e82", primitive)]
    e82: Option<Primitive<String>>,
    #[fhir(name = "e83", primitive)]
    e83: Option<Primitive<String>>,
    #[fhir(name = "e84", primitive)]
    e84: Option<Primitive<String>>,
    #[fhir(name = "e85", primitive)]
    e85: Option<Primitive<String>>,
    #[fhir(name = "e86", primitive)]
    e86: Option<Primitive<String>>,
    #[fhir(name = "e87", primitive)]
    e87: Option<Primitive<String>>,
    #[fhir(name = "e88", primitive)]
    e88: Option<Primitive<String>>,
    #[fhir(name = "e89", primitive)]
    e89: Option<Primitive<String>>,
    #[fhir(name = "e90", primitive)]
    e90: Option<Primitive<String>>,
    #[fhir(name = "e91", primitive)]
    e91: Option<Primitive<String>>,
    #[fhir(name = "e92", primitive)]
    e92: Option<Primitive<String>>,
    #[fhir(name = "e93", primitive)]
    e93: Option<Primitive<String>>,
    #[fhir(name = "e94", primitive)]
    e94: Option<Primitive<String>>,
    #[fhir(name = "e95", primitive)]
    e95: Option<Primitive<String>>,
    #[fhir(name = "e96", primitive)]
    e96: Option<Primitive<String>>,
    #[fhir(name = "e97", primitive)]
    e97: Option<Primitive<String>>,
    #[fhir(name = "e98", primitive)]
    e98: Option<Primitive<String>>,
    #[fhir(name = "e99", primitive)]
    e99: Option<Primitive<String>>,
    #[fhir(name = "e100", primitive)]
    e100: Option<Primitive<String>>,
    #[fhir(name = "e101", primitive)]
    e101: Option<Primitive<String>>,
    #[fhir(name = "e102", primitive)]
    e102: Option<Primitive<String>>,
    #[fhir(name = "e103", primitive)]
    e103: Option<Primitive<String>>,
    #[fhir(name = "e104", primitive)]
    e104: Option<Primitive<String>>,
    #[fhir(name = "e105", primitive)]
    e105: Option<Primitive<String>>,
    #[fhir(name = "e106", primitive)]
    e106: Option<Primitive<String>>,
    #[fhir(name = "e107", primitive)]
    e107: Option<Primitive<String>>,
    #[fhir(name = "e108", primitive)]
    e108: Option<Primitive<String>>,
    #[fhir(name = "e109", primitive)]
    e109: Option<Primitive<String>>,
    #[fhir(name = "e110", primitive)]
    e110: Option<Primitive<String>>,
    #[fhir(name = "e111", primitive)]
    e111: Option<Primitive<String>>,
    #[fhir(name = "e112", primitive)]
    e112: Option<Primitive<String>>,
    #[fhir(name = "e113", primitive)]
    e113: Option<Primitive<String>>,
    #[fhir(name = "e114", primitive)]
    e114: Option<Primitive<String>>,
    #[fhir(name = "e115", primitive)]
    e115: Option<Primitive<String>>,
    #[fhir(name = "e116", primitive)]
    e116: Option<Primitive<String>>,
    #[fhir(name = "e117", primitive)]
    e117: Option<Primitive<String>>,
    #[fhir(name = "e118", primitive)]
    e118: Option<Primitive<String>>,
    #[fhir(name = "e119", primitive)]
    e119: Option<Primitive<String>>,
    #[fhir(name = "e120", primitive)]
    e120: Option<Primitive<String>>,
    #[fhir(name = "e121", primitive)]
    e121: Option<Primitive<String>>,
    #[fhir(name = "e122", primitive)]
    e122: Option<Primitive<String>>,
    #[fhir(name = "e123", primitive)]
    e123: Option<Primitive<String>>,
    #[fhir(name = "e124", primitive)]
    e124: Option<Primitive<String>>,
    #[fhir(name = "e125", primitive)]
    e125: Option<Primitive<String>>,
    #[fhir(name = "e126", primitive)]
    e126: Option<Primitive<String>>,
    #[fhir(name = "e127", primitive)]
    e127: Option<Primitive<String>>,
    #[fhir(name = "e128", primitive)]
    e128: Option<Primitive<String>>,
}

/// Holds the broken type: its impls are still found.
#[derive(Clone, PartialEq, careconnect_derive::FhirType)]
#[fhir(name = "Holder")]
struct Holder {
    #[fhir(name = "tag", required)]
    tag: Tag,
}

fn main() {
    let holder = Holder::from_json("{}").unwrap_or_default();
    println!("{holder:?} {} {}", holder.to_json(), holder.to_xml());
}
