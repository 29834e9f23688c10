package org.icsmap.sql.refresh;

import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;

/** The refresh-steps function renders SQL and never runs it: Athena does, called by the state machine directly. */
public final class RenderOnlyQueryEngine implements QueryEngine {

    @Override
    public Result execute(SqlScript script) {
        throw new UnsupportedOperationException("the refresh-steps function renders " + script.source()
                + "; the state machine runs it on Athena");
    }

    @Override
    public void syncPartitions(String table) {
        throw new UnsupportedOperationException("partitions are registered by Glue partition projection on AWS, not by refresh-steps");
    }

    @Override
    public void close() {
    }
}
