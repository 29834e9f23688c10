package org.icsmap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the icsmap command line in this JVM, as a person would type it: its exit code and what it printed. */
record IcsmapRun(int exitCode, String out, String err) {

    static IcsmapRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Icsmap.run(new PrintWriter(out), new PrintWriter(err), args);
        return new IcsmapRun(code, out.toString(), err.toString());
    }
}
