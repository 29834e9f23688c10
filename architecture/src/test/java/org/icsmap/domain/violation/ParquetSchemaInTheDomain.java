package org.icsmap.domain.violation;

import org.apache.parquet.schema.MessageType;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): a domain class that knows the curated zone's file format. */
public final class ParquetSchemaInTheDomain {
    MessageType curatedSchema;
}
