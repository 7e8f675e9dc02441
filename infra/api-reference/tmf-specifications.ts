import tmf620 from '../../specs/tmf/TMF620-ProductCatalog-v4.0.0.swagger.json' with { type: 'json' };
import tmf621 from '../../specs/tmf/TMF621-TroubleTicket-v4.0.0.swagger.json' with { type: 'json' };
import tmf622 from '../../specs/tmf/TMF622-ProductOrder-v4.0.0.swagger.json' with { type: 'json' };
import tmf629 from '../../specs/tmf/TMF629-Customer-v4.0.0.swagger.json' with { type: 'json' };
import tmf635 from '../../specs/tmf/TMF635-UsageManagement-v4.0.0.swagger.json' with { type: 'json' };
import tmf637 from '../../specs/tmf/TMF637-ProductInventory-v4.0.0.swagger.json' with { type: 'json' };
import tmf666 from '../../specs/tmf/TMF666-Account-v4.0.0.swagger.json' with { type: 'json' };
import tmf676 from '../../specs/tmf/TMF676-Payment-v4.0.0.swagger.json' with { type: 'json' };
import tmf678 from '../../specs/tmf/TMF678-CustomerBill-v4.0.0.swagger.json' with { type: 'json' };
import tmf681 from '../../specs/tmf/TMF681-Communication-v4.0.0.swagger.json' with { type: 'json' };
import tmf688 from '../../specs/tmf/TMF688-Event-v4.0.0.swagger.json' with { type: 'json' };

/**
 * The TM Forum specifications of specs/tmf/ (Apache-2.0 with TM Forum's appendix, see its
 * LICENSE), by file name, imported as modules so that a function serving the API reference
 * carries them in its bundle. test/unit/api-reference/tmf-specifications.test.ts checks that
 * this lists every file of the folder.
 */
export const tmfSpecifications: Readonly<Record<string, unknown>> = {
  'TMF620-ProductCatalog-v4.0.0.swagger.json': tmf620,
  'TMF621-TroubleTicket-v4.0.0.swagger.json': tmf621,
  'TMF622-ProductOrder-v4.0.0.swagger.json': tmf622,
  'TMF629-Customer-v4.0.0.swagger.json': tmf629,
  'TMF635-UsageManagement-v4.0.0.swagger.json': tmf635,
  'TMF637-ProductInventory-v4.0.0.swagger.json': tmf637,
  'TMF666-Account-v4.0.0.swagger.json': tmf666,
  'TMF676-Payment-v4.0.0.swagger.json': tmf676,
  'TMF678-CustomerBill-v4.0.0.swagger.json': tmf678,
  'TMF681-Communication-v4.0.0.swagger.json': tmf681,
  'TMF688-Event-v4.0.0.swagger.json': tmf688,
};
