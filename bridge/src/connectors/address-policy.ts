/**
 * Which network addresses outbound HTTP may reach. Refused unless the operator allows a range
 * (`httpAllowedNetworks`): loopback, private (RFC 1918, RFC 4193), link-local (with the cloud
 * metadata address 169.254.169.254 and fe80::/10), carrier-grade NAT (100.64.0.0/10), multicast,
 * unspecified, reserved and broadcast, and the IPv4-mapped IPv6 forms of all IPv4 ranges
 * (node's BlockList matches `::ffff:a.b.c.d` against IPv4 rules).
 */
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../errors.js';

const refusedNetworks = [
  '0.0.0.0/8', // "this network", with the unspecified 0.0.0.0
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4', // reserved, with the broadcast 255.255.255.255
  '::/96', // unspecified, loopback and the deprecated IPv4-compatible addresses
  '64:ff9b:1::/48', // local-use NAT64
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
];

export interface AddressPolicy {
  /** Whether the address (IPv4 or IPv6, without brackets) may be connected to. */
  allows(address: string): boolean;
}

export function createAddressPolicy(allowedNetworks: readonly string[]): AddressPolicy {
  const refused = blockListOf(refusedNetworks, 'refused networks');
  const allowed = blockListOf(allowedNetworks, 'httpAllowedNetworks');
  return {
    allows(address) {
      const family = isIP(address);
      if (family === 0) return false;
      const type = family === 6 ? 'ipv6' : 'ipv4';
      return allowed.check(address, type) || !refused.check(address, type);
    },
  };
}

/** `a.b.c.d/n` or `x:y::/n`; a bare address is a /32 (/128). */
export function isNetwork(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

function blockListOf(networks: readonly string[], variable: string): BlockList {
  const invalid = networks.filter((entry) => !isNetwork(entry));
  if (invalid.length > 0) throw new ConfigError(variable, `not CIDR ranges: ${invalid.join(', ')}`);
  const list = new BlockList();
  for (const entry of networks) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(address, prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix), type);
  }
  return list;
}
