package org.icsmap.infra;

/**
 * The Lambda functions the stack deploys: their Maven module under {@code functions/} and handler class. The
 * jar is {@code functions/<module>/target/icsmap-<module>-<version>-lambda.jar} (shade classifier {@code lambda}).
 */
public enum LambdaModule {
    INGEST("ingest", "org.icsmap.ingest.IngestHandler"),
    UPLOAD_URL("upload-url", "org.icsmap.uploadurl.UploadUrlHandler"),
    REIDENTIFY("reidentify", "org.icsmap.reidentify.ReidentifyHandler"),
    REFRESH_STEPS("refresh-steps", "org.icsmap.refresh.RefreshStepsHandler");

    private final String module;
    private final String handler;

    LambdaModule(String module, String handler) {
        this.module = module;
        this.handler = handler;
    }

    /** The directory under {@code functions/}. */
    public String module() {
        return module;
    }

    /** Micronaut's {@code MicronautRequestHandler} subclasses implement {@code handleRequest}. */
    public String handler() {
        return handler + "::handleRequest";
    }

    public String jarName(String version) {
        return "icsmap-" + module + "-" + version + "-lambda.jar";
    }
}
