import type { DestinationZone, RoamingZone, ZoneTable } from './zone-table.js';

/**
 * The demo operator's zone table (a French mobile and broadband operator, as in
 * infra/seed/demo-catalog.ts): small, but shaped like a real one. French numbers split by
 * their first digits after +33; EU and EEA countries form one zone, as EU regulation prices
 * calls to them alike; a few big destinations are world zone 1 and every other country code
 * falls to world zone 2 through the one-digit prefixes. Roaming in the EU/EEA is "roam like at
 * home"; elsewhere is rest of world, and a maritime network is its own (dear) zone.
 *
 * Two versions: from 2027 a roaming agreement with Swisscom puts that one Swiss network in the
 * EU roaming zone, while the rest of Switzerland stays rest of world.
 */
export const demoZones = {
  nationalFixed: 'national-fixed',
  nationalMobile: 'national-mobile',
  premium: 'premium',
  freephone: 'freephone',
  eu: 'eu-eea',
  world1: 'world-1',
  world2: 'world-2',
  roamEu: 'roam-eu-eea',
  roamWorld: 'roam-world',
  roamMaritime: 'roam-maritime',
} as const;

/** Country codes of the EU and EEA (Iceland, Liechtenstein, Norway) other than France. */
const euEeaCallingCodes = ['+30', '+31', '+32', '+34', '+351', '+352', '+353', '+354', '+356', '+357', '+358', '+359', '+36', '+370', '+371', '+372', '+385', '+386', '+39', '+40', '+420', '+421', '+423', '+43', '+45', '+46', '+47', '+48', '+49'];
const euEeaCountries = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'GF', 'GP', 'MQ', 'RE', 'YT'];
const restOfWorldCountries = ['CH', 'GB', 'US', 'CA', 'MA', 'TN', 'DZ', 'TR', 'JP', 'CN', 'AU', 'BR'];

const destinationZones: DestinationZone[] = [
  // Every country code starts with one of these: what no longer prefix claims is world zone 2.
  ...['+1', '+2', '+3', '+4', '+5', '+6', '+7', '+8', '+9'].map((prefix) => ({ prefix, zone: prefix === '+1' ? demoZones.world1 : demoZones.world2 })),
  { prefix: '+41', zone: demoZones.world1 },
  { prefix: '+44', zone: demoZones.world1 },
  ...euEeaCallingCodes.map((prefix) => ({ prefix, zone: demoZones.eu })),
  // France: 01-05 geographic, 06-07 mobile, 09 VoIP boxes (priced as fixed), 080x freephone, 089 premium.
  { prefix: '+33', zone: demoZones.nationalFixed },
  ...['+331', '+332', '+333', '+334', '+335', '+339'].map((prefix) => ({ prefix, zone: demoZones.nationalFixed })),
  { prefix: '+336', zone: demoZones.nationalMobile },
  { prefix: '+337', zone: demoZones.nationalMobile },
  { prefix: '+33800', zone: demoZones.freephone },
  { prefix: '+33805', zone: demoZones.freephone },
  { prefix: '+3389', zone: demoZones.premium },
];

const roamingZones: RoamingZone[] = [
  ...euEeaCountries.map((country) => ({ country, zone: demoZones.roamEu })),
  ...restOfWorldCountries.map((country) => ({ country, zone: demoZones.roamWorld })),
  // Telenor Maritime: ships' networks, priced apart whatever waters they sail.
  { network: '901-12', zone: demoZones.roamMaritime },
];

export const demoZoneTable: ZoneTable = {
  id: 'demo-zones',
  name: 'Demo operator zones',
  versions: [
    { validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', destinationZones, roamingZones },
    {
      validFrom: '2027-01-01T00:00:00Z',
      destinationZones,
      roamingZones: [...roamingZones, { network: '228-01', zone: demoZones.roamEu }],
    },
  ],
};
