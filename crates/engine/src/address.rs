//! Which addresses the internet routes: one definition for both directions (a host on
//! the internet sending from an address, and the internet carrying a packet to one).
//!
//! The authority is IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890
//! and its updates): a block whose "Globally Reachable" column says *False* is not
//! routed on the internet. Multicast (224.0.0.0/4, ff00::/8) is not in those registries
//! but is not unicast traffic the internet carries to one host either.
//!
//! One deliberate exception: the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
//! 203.0.113.0/24, 2001:db8::/32, 3fff::/20) are what examples use for hosts on the
//! internet (RFC 5737, RFC 3849), as the lab's own lessons do; the lab treats them as
//! internet addresses.

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A kind of address the internet does not route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpecialAddress {
    /// 0.0.0.0/8, "this network" (RFC 791).
    ThisNetwork,
    /// 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918).
    Private,
    /// 100.64.0.0/10, shared address space for carrier-grade NAT (RFC 6598).
    Shared,
    /// 127.0.0.0/8, ::1/128.
    Loopback,
    /// 169.254.0.0/16, fe80::/10.
    LinkLocal,
    /// 192.0.0.0/24 and 2001::/23, IETF protocol assignments (except the few anycast
    /// and delegated blocks in them that the registries mark globally reachable).
    ProtocolAssignment,
    /// 198.18.0.0/15, benchmarking (RFC 2544).
    Benchmarking,
    /// 240.0.0.0/4, reserved for future use.
    Reserved,
    /// 255.255.255.255/32, limited broadcast.
    Broadcast,
    /// 224.0.0.0/4, ff00::/8.
    Multicast,
    /// ::/128.
    Unspecified,
    /// ::ffff:0:0/96, IPv4-mapped (RFC 4291).
    Ipv4Mapped,
    /// 64:ff9b:1::/48, local-use IPv4/IPv6 translation (RFC 8215).
    LocalTranslation,
    /// 100::/64, discard-only (RFC 6666).
    DiscardOnly,
    /// 5f00::/16, segment routing (SRv6) SIDs (RFC 9602).
    SegmentRouting,
    /// fc00::/7, unique-local (RFC 4193).
    UniqueLocal,
}

impl SpecialAddress {
    /// What the address is, to follow "X is ": "a link-local address".
    pub fn description(self) -> &'static str {
        match self {
            SpecialAddress::ThisNetwork => "a \"this network\" address (0.0.0.0/8)",
            SpecialAddress::Private => "a private address (RFC 1918)",
            SpecialAddress::Shared => "a shared address (100.64.0.0/10, RFC 6598, used for carrier-grade NAT)",
            SpecialAddress::Loopback => "a loopback address",
            SpecialAddress::LinkLocal => "a link-local address",
            SpecialAddress::ProtocolAssignment => "an address reserved for IETF protocol assignments",
            SpecialAddress::Benchmarking => "a benchmarking address (198.18.0.0/15)",
            SpecialAddress::Reserved => "a reserved address (240.0.0.0/4)",
            SpecialAddress::Broadcast => "the limited broadcast address",
            SpecialAddress::Multicast => "a multicast address",
            SpecialAddress::Unspecified => "the unspecified address",
            SpecialAddress::Ipv4Mapped => "an IPv4-mapped address (::ffff:0:0/96)",
            SpecialAddress::LocalTranslation => "a local-use IPv4/IPv6 translation address (64:ff9b:1::/48)",
            SpecialAddress::DiscardOnly => "a discard-only address (100::/64)",
            SpecialAddress::SegmentRouting => "a segment routing (SRv6) address (5f00::/16)",
            SpecialAddress::UniqueLocal => "a unique-local address (fc00::/7)",
        }
    }
}

impl fmt::Display for SpecialAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// The kind of an address the internet does not route, or `None` for an address it
/// does (see the module's documentation for the definition).
pub fn not_globally_reachable(address: IpAddr) -> Option<SpecialAddress> {
    match address {
        IpAddr::V4(a) => v4(a),
        IpAddr::V6(a) => v6(a),
    }
}

/// Can a host on the internet have this address, and the internet carry packets to it?
pub fn is_internet_address(address: IpAddr) -> bool {
    not_globally_reachable(address).is_none()
}

/// The registries' blocks, most specific first: `None` marks a block inside a refused
/// one that the registry says is globally reachable (or leaves undecided).
const V4_BLOCKS: &[([u8; 4], u8, Option<SpecialAddress>)] = {
    use SpecialAddress as S;
    &[
        ([192, 0, 0, 9], 32, None),  // PCP anycast
        ([192, 0, 0, 10], 32, None), // TURN anycast
        ([255, 255, 255, 255], 32, Some(S::Broadcast)),
        ([0, 0, 0, 0], 8, Some(S::ThisNetwork)),
        ([10, 0, 0, 0], 8, Some(S::Private)),
        ([172, 16, 0, 0], 12, Some(S::Private)),
        ([192, 168, 0, 0], 16, Some(S::Private)),
        ([100, 64, 0, 0], 10, Some(S::Shared)),
        ([127, 0, 0, 0], 8, Some(S::Loopback)),
        ([169, 254, 0, 0], 16, Some(S::LinkLocal)),
        ([192, 0, 0, 0], 24, Some(S::ProtocolAssignment)),
        ([198, 18, 0, 0], 15, Some(S::Benchmarking)),
        ([224, 0, 0, 0], 4, Some(S::Multicast)),
        ([240, 0, 0, 0], 4, Some(S::Reserved)),
    ]
};

const V6_BLOCKS: &[([u16; 8], u8, Option<SpecialAddress>)] = {
    use SpecialAddress as S;
    &[
        ([0x2001, 1, 0, 0, 0, 0, 0, 1], 128, None),    // PCP anycast
        ([0x2001, 1, 0, 0, 0, 0, 0, 2], 128, None),    // TURN anycast
        ([0x2001, 1, 0, 0, 0, 0, 0, 3], 128, None),    // DNS-SD SRP anycast
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, None),     // Teredo: "N/A" in the registry
        ([0x2001, 3, 0, 0, 0, 0, 0, 0], 32, None),     // AMT
        ([0x2001, 4, 0x112, 0, 0, 0, 0, 0], 48, None), // AS112-v6
        ([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, None),  // ORCHIDv2
        ([0x2001, 0x30, 0, 0, 0, 0, 0, 0], 28, None),  // drone remote ID
        ([0, 0, 0, 0, 0, 0, 0, 0], 128, Some(S::Unspecified)),
        ([0, 0, 0, 0, 0, 0, 0, 1], 128, Some(S::Loopback)),
        ([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, Some(S::Ipv4Mapped)),
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Some(S::LocalTranslation)),
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Some(S::DiscardOnly)),
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, Some(S::ProtocolAssignment)),
        ([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16, Some(S::SegmentRouting)),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Some(S::UniqueLocal)),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, Some(S::LinkLocal)),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Some(S::Multicast)),
    ]
};

fn v4_net(network: [u8; 4], prefix: u8) -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::from(network), prefix).map(|n| n.trunc()).unwrap_or_default()
}

fn v6_net(network: [u16; 8], prefix: u8) -> Ipv6Net {
    Ipv6Net::new(Ipv6Addr::from(network), prefix).map(|n| n.trunc()).unwrap_or_default()
}

fn v4(a: Ipv4Addr) -> Option<SpecialAddress> {
    V4_BLOCKS.iter().find(|(network, prefix, _)| v4_net(*network, *prefix).contains(&a)).and_then(|(_, _, kind)| *kind)
}

fn v6(a: Ipv6Addr) -> Option<SpecialAddress> {
    V6_BLOCKS.iter().find(|(network, prefix, _)| v6_net(*network, *prefix).contains(&a)).and_then(|(_, _, kind)| *kind)
}

/// Every block the registries single out (refused or, inside a refused one, not): the
/// edges where the answer of [`not_globally_reachable`] can change.
pub fn registry_blocks() -> impl Iterator<Item = IpNet> {
    V4_BLOCKS
        .iter()
        .map(|(n, p, _)| IpNet::V4(v4_net(*n, *p)))
        .chain(V6_BLOCKS.iter().map(|(n, p, _)| IpNet::V6(v6_net(*n, *p))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<SpecialAddress> {
        not_globally_reachable(text.parse().expect("an address"))
    }

    #[test]
    fn each_special_purpose_block_has_its_kind() {
        use SpecialAddress as S;
        for (address, expected) in [
            ("0.0.0.0", S::ThisNetwork),
            ("0.1.2.3", S::ThisNetwork),
            ("10.255.0.1", S::Private),
            ("172.31.255.255", S::Private),
            ("192.168.0.1", S::Private),
            ("100.64.1.1", S::Shared),
            ("100.127.255.255", S::Shared),
            ("127.0.0.1", S::Loopback),
            ("169.254.1.1", S::LinkLocal),
            ("192.0.0.8", S::ProtocolAssignment),
            ("198.19.0.1", S::Benchmarking),
            ("224.0.0.5", S::Multicast),
            ("239.255.255.250", S::Multicast),
            ("240.0.0.1", S::Reserved),
            ("255.255.255.254", S::Reserved),
            ("255.255.255.255", S::Broadcast),
            ("::", S::Unspecified),
            ("::1", S::Loopback),
            ("::ffff:1.2.3.4", S::Ipv4Mapped),
            ("64:ff9b:1::1", S::LocalTranslation),
            ("100::1", S::DiscardOnly),
            ("2001:2::1", S::ProtocolAssignment),
            ("5f00::1", S::SegmentRouting),
            ("fd12:3456:789a::1", S::UniqueLocal),
            ("fc00::1", S::UniqueLocal),
            ("fe80::1", S::LinkLocal),
            ("febf::1", S::LinkLocal),
            ("ff02::1", S::Multicast),
        ] {
            assert_eq!(kind(address), Some(expected), "{address}");
        }
    }

    #[test]
    fn public_addresses_and_the_blocks_the_registries_mark_reachable_are_internet_addresses() {
        for address in [
            "1.2.3.4",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "169.253.255.255",
            "192.0.0.9",
            "192.0.0.10",
            "192.0.1.1",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            // Documentation ranges: the lab's stand-ins for internet hosts.
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.66",
            "2001:db8::7",
            "2600:1f18::1",
            "64:ff9b::1.2.3.4",
            "2001:1::1",
            "2001:3::1",
            "2001:4:112::1",
            "2001:20::1",
            "2001::1",
            "2002::1",
            "fec0::1",
        ] {
            assert_eq!(kind(address), None, "{address}");
        }
    }
}
