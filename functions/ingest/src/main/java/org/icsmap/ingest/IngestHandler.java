package org.icsmap.ingest;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.landing.LandingKey;
import org.icsmap.domain.port.KeyService;

/**
 * The ingest Lambda function: an S3 event notification or an EventBridge "Object Created" event in, one
 * {@code IngestService.ingest} per uploaded object, a small {@link IngestSummary} out. Thin on purpose:
 * {@link S3Events} reads the event, the domain does the work, {@link IngestLog} writes one JSON line per
 * object (counts and outcome only).
 *
 * <ul>
 *   <li>A key outside {@code landing/}, or an event that is not about a created object, is ignored with a log line.</li>
 *   <li>An event the function cannot read is an {@link UnrecognisedEventException}.</li>
 *   <li>If any object fails (storage or key service trouble, an object in a bucket that is not the landing
 *       bucket), the others still run and the invocation then fails with {@link IngestFailedException}, so
 *       Lambda retries the event; uploads already done come back as {@code REPLAY} and cost nothing.</li>
 * </ul>
 *
 * <p>Handler for CDK: {@code org.icsmap.ingest.IngestHandler} (the {@code RequestHandler} method
 * {@code handleRequest}). Its environment is described in {@link IngestEnvironment}.
 */
public final class IngestHandler extends MicronautRequestHandler<Map<String, Object>, IngestSummary> {

    /** Ingests one landing object: {@code IngestService::ingest} on AWS, a fake in tests. */
    @FunctionalInterface
    public interface Ingest {
        IngestReport ingest(String landingKey) throws IOException;
    }

    /**
     * What the handler works with.
     *
     * @param ingest        ingests one landing object
     * @param landingBucket the bucket uploads arrive in; an event naming another bucket fails
     * @param log           where the JSON lines go
     */
    public record Collaborators(Ingest ingest, String landingBucket, IngestLog log) {
        public Collaborators {
            Objects.requireNonNull(ingest);
            Objects.requireNonNull(landingBucket);
            Objects.requireNonNull(log);
        }
    }

    private final Collaborators collaborators;

    /**
     * The Lambda runtime's constructor. Micronaut starts (in the init phase, so SnapStart snapshots it)
     * and {@link IngestFactory} wires the collaborators from the environment, once.
     */
    public IngestHandler() {
        super();
        this.collaborators = getApplicationContext().getBean(Collaborators.class);
    }

    /** A handler on the given collaborators (tests, other hosts): nothing is read from the environment. */
    public IngestHandler(Collaborators collaborators) {
        super(ApplicationContext.builder().deduceEnvironment(false).build());
        this.collaborators = Objects.requireNonNull(collaborators);
    }

    @Override
    public IngestSummary execute(Map<String, Object> event) {
        long started = System.nanoTime();
        List<ObjectEvent> objects;
        try {
            objects = S3Events.objects(event);
        } catch (UnrecognisedEventException e) {
            collaborators.log().unrecognisedEvent(e);
            throw e;
        }
        List<IngestSummary.Upload> uploads = new ArrayList<>(objects.size());
        List<Exception> failures = new ArrayList<>();
        for (ObjectEvent object : objects) {
            IngestSummary.Upload upload = handle(object, failures);
            collaborators.log().upload(upload);
            uploads.add(upload);
        }
        IngestSummary summary = IngestSummary.of(uploads);
        collaborators.log().invocation(summary, millisSince(started));
        if (!failures.isEmpty()) {
            throw new IngestFailedException(summary, failures.getFirst());
        }
        return summary;
    }

    private IngestSummary.Upload handle(ObjectEvent object, List<Exception> failures) {
        long started = System.nanoTime();
        if (!object.created()) {
            return IngestSummary.Upload.of(object, IngestSummary.Outcome.IGNORED, "NOT_OBJECT_CREATED", null, null, millisSince(started));
        }
        if (!object.key().startsWith(LandingKey.PREFIX)) {
            return IngestSummary.Upload.of(object, IngestSummary.Outcome.IGNORED, "OUTSIDE_LANDING", null, null, millisSince(started));
        }
        if (!object.bucket().equals(collaborators.landingBucket())) {
            failures.add(new NotTheLandingBucketException());
            return IngestSummary.Upload.of(object, IngestSummary.Outcome.FAILED, "NOT_THE_LANDING_BUCKET", null, null,
                    millisSince(started));
        }
        try {
            IngestReport report = collaborators.ingest().ingest(object.key());
            return IngestSummary.Upload.of(object, IngestSummary.Outcome.valueOf(report.outcome().name()),
                    report.rejection() == null ? null : report.rejection().reason(), report.rows(), report.keyServiceCalls(),
                    millisSince(started));
        } catch (IOException | RuntimeException e) {
            failures.add(e);
            return IngestSummary.Upload.of(object, IngestSummary.Outcome.FAILED, e.getClass().getSimpleName(), null, null,
                    millisSince(started));
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Some objects of the event failed; the invocation fails so that Lambda retries it. The cause is the
     * first failure when it is one whose message is known to hold no row data (storage, key service and
     * the function's own); any other is replaced by its type and stack trace, message withheld.
     */
    public static final class IngestFailedException extends RuntimeException {
        private final transient IngestSummary summary;

        IngestFailedException(IngestSummary summary, Exception first) {
            super(summary.count(IngestSummary.Outcome.FAILED) + " of " + summary.objects()
                    + " objects failed (see the ingest.upload log lines with outcome FAILED); the event will be retried", safe(first));
            this.summary = summary;
        }

        public IngestSummary summary() {
            return summary;
        }

        private static Throwable safe(Exception failure) {
            if (failure instanceof IOException || failure instanceof UncheckedIOException || failure instanceof KeyService.KeyServiceException
                    || failure instanceof NotTheLandingBucketException) {
                return failure;
            }
            RuntimeException withheld = new RuntimeException(failure.getClass().getName() + " (message withheld: it may quote row data)");
            withheld.setStackTrace(failure.getStackTrace());
            return withheld;
        }
    }

    /** An object-created event for a bucket other than the landing bucket: the trigger is set up wrongly. */
    static final class NotTheLandingBucketException extends IllegalStateException {
        NotTheLandingBucketException() {
            super("an upload event for a bucket that is not the landing bucket: the event source must be limited to the landing bucket");
        }
    }
}
