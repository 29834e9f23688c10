package org.icsmap.cli.violation;

import org.icsmap.engine.curated.CuratedParquet;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): the command line doing the engine's work instead of calling IngestService. */
public final class CliWritingParquetItself {
    CuratedParquet writer;
}
