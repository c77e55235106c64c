// A large lab as AWS JSON, for the matrix benchmark and the tests at scale: the same
// shape as `networks::realistic_lab` in crates/engine/benches/networks/mod.rs (five
// tiers in two /22 subnets each, public subnets behind an internet gateway, a public
// and a data network ACL, a `base` group, a group per tier admitting the tier before
// it by reference, 12 app microservice groups, 40 partner /32s, monitoring from one
// /32, 5 internet hosts). Deterministic: the same lab for the same size.
const TIERS = [
  ["web", 20, true],
  ["app", 40, false],
  ["data", 15, false],
  ["batch", 20, false],
  ["admin", 5, true],
];
const APP_SERVICES = 12;
const VPC = "vpc-0000000000000bench";
const IGW = "igw-0000000000000bench";

const hex17 = (n) => n.toString(16).padStart(17, "0");
const dec17 = (n) => String(n).padStart(17, "0");
const ip = (n) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
const ipNum = (a, b, c, d) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** One rule of an `IpPermissions` list: to a CIDR or to a group. */
function permission(protocol, from, to, peer) {
  const p = { IpProtocol: protocol, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] };
  if (protocol !== "-1") Object.assign(p, { FromPort: from, ToPort: to });
  if (peer.startsWith("sg-")) p.UserIdGroupPairs.push({ GroupId: peer });
  else p.IpRanges.push({ CidrIp: peer });
  return p;
}
const tcp = (from, to, peer) => permission("tcp", from, to, peer);
const ANYWHERE = "0.0.0.0/0";
const VPC_BLOCK = "10.0.0.0/16";

function naclEntries(inbound, outbound) {
  const entry = (egress) => ([number, action, protocol, from, to, cidr]) => {
    const e = { RuleNumber: number, Protocol: protocol, RuleAction: action, Egress: egress, CidrBlock: cidr };
    if (protocol === "6") e.PortRange = { From: from, To: to };
    if (protocol === "1") e.IcmpTypeCode = { Type: -1, Code: -1 };
    return e;
  };
  const last = [32767, "deny", "-1", 0, 0, ANYWHERE];
  return [...[...outbound, last].map(entry(true)), ...[...inbound, last].map(entry(false))];
}

/** The lab as the AWS CLI would print it, plus the `SgLab` key for names and hosts. */
export function realisticLab(interfaces) {
  const subnets = [];
  TIERS.forEach(([name], t) => {
    for (const az of [0, 1]) {
      const index = t * 2 + az;
      subnets.push({
        SubnetId: `subnet-${dec17(index)}`,
        VpcId: VPC,
        State: "available",
        CidrBlock: `10.0.${index * 4}.0/22`,
        AvailabilityZone: az === 0 ? "us-east-1a" : "us-east-1b",
        Tags: [{ Key: "Name", Value: `${name}-${az === 0 ? "a" : "b"}` }],
      });
    }
  });
  const tierSubnets = (t) => [subnets[t * 2].SubnetId, subnets[t * 2 + 1].SubnetId];
  const publicSubnets = TIERS.flatMap(([, , pub], t) => (pub ? tierSubnets(t) : []));
  const dataSubnets = tierSubnets(2);
  const privateSubnets = subnets.map((s) => s.SubnetId).filter((s) => !publicSubnets.includes(s) && !dataSubnets.includes(s));
  const local = { DestinationCidrBlock: VPC_BLOCK, GatewayId: "local", State: "active" };
  const routeTables = [
    { RouteTableId: "rtb-0000000000000main", VpcId: VPC, Associations: [{ Main: true }], Routes: [local] },
    {
      RouteTableId: "rtb-00000000000public",
      VpcId: VPC,
      Associations: publicSubnets.map((s) => ({ Main: false, SubnetId: s })),
      Routes: [local, { DestinationCidrBlock: ANYWHERE, GatewayId: IGW, State: "active" }],
    },
  ];
  const acl = (id, isDefault, subnetIds, inbound, outbound) => ({
    NetworkAclId: id,
    VpcId: VPC,
    IsDefault: isDefault,
    Associations: subnetIds.map((s) => ({ NetworkAclId: id, SubnetId: s })),
    Entries: naclEntries(inbound, outbound),
  });
  const allowAll = [100, "allow", "-1", 0, 0, ANYWHERE];
  const networkAcls = [
    acl("acl-00000000000default", true, privateSubnets, [allowAll], [allowAll]),
    acl(
      "acl-000000000000public",
      false,
      publicSubnets,
      [
        [100, "allow", "6", 443, 443, ANYWHERE],
        [110, "allow", "6", 80, 80, ANYWHERE],
        [120, "allow", "6", 1024, 65535, ANYWHERE],
        [130, "allow", "-1", 0, 0, VPC_BLOCK],
      ],
      [
        [100, "allow", "-1", 0, 0, VPC_BLOCK],
        [110, "allow", "6", 1024, 65535, ANYWHERE],
        [120, "allow", "6", 443, 443, ANYWHERE],
      ],
    ),
    acl(
      "acl-00000000000000data",
      false,
      dataSubnets,
      [
        [100, "allow", "6", 5432, 5432, "10.0.4.0/22"],
        [110, "allow", "6", 5432, 5432, "10.0.8.0/22"],
        [120, "allow", "6", 443, 443, "10.0.0.0/18"],
        [130, "allow", "6", 1024, 65535, VPC_BLOCK],
        [140, "allow", "1", 0, 0, VPC_BLOCK],
        [200, "deny", "-1", 0, 0, ANYWHERE],
      ],
      [
        [100, "allow", "6", 1024, 65535, VPC_BLOCK],
        [110, "allow", "6", 443, 443, ANYWHERE],
        [200, "deny", "-1", 0, 0, ANYWHERE],
      ],
    ),
  ];

  const base = "sg-000000000000base";
  const tierId = (t) => `sg-00000000000tier${t}`;
  const serviceId = (s) => `sg-0000000service${String(s).padStart(2, "0")}`;
  const partners = "sg-00000000partners";
  const group = (id, name, inbound, outbound) => ({
    GroupId: id,
    GroupName: name,
    Description: `${name} (generated)`,
    VpcId: VPC,
    IpPermissions: inbound,
    IpPermissionsEgress: outbound,
  });
  const groups = [
    group(
      base,
      "base",
      [tcp(22, 22, tierId(4)), permission("icmp", -1, -1, VPC_BLOCK), tcp(9100, 9100, `${ip(ipNum(10, 0, 32, 10))}/32`)],
      [permission("udp", 53, 53, ANYWHERE), tcp(443, 443, ANYWHERE)],
    ),
  ];
  TIERS.forEach(([name], t) => {
    let inbound = [];
    let outbound = [tcp(1024, 65535, VPC_BLOCK)];
    if (name === "web") {
      inbound = [tcp(443, 443, ANYWHERE), tcp(80, 80, ANYWHERE)];
      outbound.push(tcp(8080, 8090, tierId(1)));
    } else if (name === "app") {
      inbound = [tcp(8080, 8090, tierId(0)), tcp(443, 443, tierId(0))];
      outbound.push(tcp(5432, 5432, tierId(2)));
    } else if (name === "data") {
      inbound = [tcp(5432, 5432, tierId(1)), tcp(5432, 5432, tierId(3))];
      outbound = [];
    } else if (name === "batch") {
      outbound.push(permission("-1", 0, 0, ANYWHERE));
    } else {
      inbound = [tcp(22, 22, "203.0.113.0/24")];
      outbound.push(tcp(22, 22, VPC_BLOCK), tcp(9100, 9100, VPC_BLOCK));
    }
    groups.push(group(tierId(t), name, inbound, outbound));
  });
  groups.push(group(partners, "partners", Array.from({ length: 40 }, (_, k) => tcp(443, 443, `198.51.100.${k}/32`)), []));
  for (let s = 0; s < APP_SERVICES; s++) {
    const caller = serviceId((s + APP_SERVICES - 1) % APP_SERVICES);
    groups.push(
      group(
        serviceId(s),
        `service-${String(s).padStart(2, "0")}`,
        [tcp(443, 443, caller), tcp(9000, 9099, caller)],
        [tcp(443, 443, serviceId((s + 1) % APP_SERVICES))],
      ),
    );
  }
  const groupName = Object.fromEntries(groups.map((g) => [g.GroupId, g.GroupName]));

  const enis = [];
  const resources = [];
  let placed = 0;
  TIERS.forEach(([name, share, pub], t) => {
    const count = t + 1 === TIERS.length ? interfaces - placed : Math.floor((interfaces * share) / 100);
    for (let k = 0; k < count; k++) {
      const index = placed + k;
      const subnet = subnets[t * 2 + (k % 2)];
      const address = ip(ipNum(10, 0, (t * 2 + (k % 2)) * 4, 0) + 10 + Math.floor(k / 2));
      const ids = [base, tierId(t)];
      if (name === "web" && k % 4 === 0) ids.push(partners);
      if (name === "app") ids.push(serviceId(k % APP_SERVICES));
      const privateIp = { Primary: true, PrivateIpAddress: address };
      const eni = {
        NetworkInterfaceId: `eni-${hex17(index)}`,
        SubnetId: subnet.SubnetId,
        VpcId: VPC,
        Description: "Primary network interface",
        InterfaceType: "interface",
        Status: "in-use",
        PrivateIpAddress: address,
        PrivateIpAddresses: [privateIp],
        Ipv6Addresses: [],
        Groups: ids.map((id) => ({ GroupId: id, GroupName: groupName[id] })),
        Attachment: { InstanceId: `i-${hex17(index)}`, DeviceIndex: 0, Status: "attached" },
        TagSet: [],
      };
      if (pub) {
        const publicIp = `54.${10 + ((index >> 8) & 255)}.${index & 255}.1`;
        privateIp.Association = { PublicIp: publicIp };
        eni.Association = { PublicIp: publicIp };
      }
      enis.push(eni);
      resources.push({ Id: `i-${hex17(index)}`, Kind: "ec2", Name: `${name}-${String(k).padStart(4, "0")}`, NetworkInterfaceIds: [eni.NetworkInterfaceId] });
    }
    placed += count;
  });

  return {
    Vpcs: [{ VpcId: VPC, State: "available", CidrBlock: VPC_BLOCK, IsDefault: false }],
    Subnets: subnets,
    RouteTables: routeTables,
    InternetGateways: [{ InternetGatewayId: IGW, Attachments: [{ State: "available", VpcId: VPC }] }],
    NetworkAcls: networkAcls,
    SecurityGroups: groups,
    NetworkInterfaces: enis,
    SgLab: {
      Resources: resources,
      InternetHosts: Array.from({ length: 5 }, (_, k) => ({ Name: `client-${k}`, Address: `198.51.100.${k * 20}` })),
      PrefixLists: [],
    },
  };
}
