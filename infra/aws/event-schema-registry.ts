import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import type { PublishedEventSchema } from '../api-reference/event-schemas.js';

export interface EventSchemaRegistryProps {
  /** Unique in the account and region: the stage is part of it. */
  readonly registryName: string;
  readonly schemas: readonly PublishedEventSchema[];
}

/**
 * The domain events' schemas in the EventBridge schema registry, where subscribers in partner
 * accounts find them (and can generate code bindings): one registry per stage, one schema per
 * event, named <source>@<detail-type> like AWS's own, as JSON Schema draft 4, the same document
 * GET /events/schemas serves. A deployment updates a schema whose event changed, and the
 * registry keeps its earlier versions.
 */
export class EventSchemaRegistry extends Construct {
  readonly registry: eventschemas.CfnRegistry;

  constructor(scope: Construct, id: string, props: EventSchemaRegistryProps) {
    super(scope, id);
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: props.registryName,
      description: 'Domain events of the BSS event bus: source bss.<context>, detail-type a past-tense fact, detail { metadata, data }',
    });
    for (const published of props.schemas) {
      new eventschemas.CfnSchema(this, published.name.replace(/[^A-Za-z0-9]/g, ''), {
        registryName: this.registry.attrRegistryName,
        schemaName: published.name,
        type: 'JSONSchemaDraft4',
        description: `${published.detailType} from ${published.source}, schema version ${published.schemaVersion}`,
        content: JSON.stringify(published.schema),
      });
    }
  }
}
