package org.icsmap.uploadurl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.icsmap.aws.apigateway.ApiGatewayRequest;
import org.icsmap.aws.apigateway.ApiGatewayResponse;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.access.OrganisationRoles;
import org.icsmap.domain.upload.UploadGrant;
import org.icsmap.domain.upload.UploadRefusedException;
import org.icsmap.domain.upload.UploadRequest;
import org.icsmap.domain.upload.UploadService;

/**
 * The upload-url Lambda function, {@code POST /uploads} behind an API Gateway REST API with IAM authorisation:
 * a provider declares {@code {feed, period, filename, size_bytes, sha256}} and gets a pre-signed PUT URL into its
 * own landing prefix. The provider is the caller's identity ({@code requestContext.identity.userArn} through
 * {@code ICSMAP_ORGANISATION_ROLES}), never the body. Thin: parse, {@link UploadService#grant}, map.
 *
 * <ul>
 *   <li>200: {@code upload_id, key, method, url, headers, expires, size_bytes, sha256}: send exactly these headers.</li>
 *   <li>400 (malformed) or 403 (not allowed): {@code {"error": <reason code>, "message": <what to fix>}}.</li>
 *   <li>500: {@code {"error": "INTERNAL", "request_id": …}}; the cause is in the log by type only.</li>
 * </ul>
 *
 * <p>Handler for CDK: {@code org.icsmap.uploadurl.UploadUrlHandler} (method {@code handleRequest}); environment in
 * {@link UploadUrlEnvironment}.
 */
public final class UploadUrlHandler extends MicronautRequestHandler<Map<String, Object>, ApiGatewayResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper REQUEST_JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String FIELDS = "feed, period, filename, size_bytes, sha256";

    /** What the handler works with: the domain service, the role map, the log. */
    public record Collaborators(UploadService service, OrganisationRoles roles, UploadUrlLog log) {
        public Collaborators {
            Objects.requireNonNull(service);
            Objects.requireNonNull(roles);
            Objects.requireNonNull(log);
        }
    }

    private final Collaborators collaborators;

    /** The Lambda runtime's constructor: Micronaut starts and {@link UploadUrlFactory} wires everything, once. */
    public UploadUrlHandler() {
        super();
        this.collaborators = getApplicationContext().getBean(Collaborators.class);
    }

    /** A handler on the given collaborators (tests): nothing is read from the environment. */
    public UploadUrlHandler(Collaborators collaborators) {
        super(ApplicationContext.builder().deduceEnvironment(false).build());
        this.collaborators = Objects.requireNonNull(collaborators);
    }

    @Override
    public ApiGatewayResponse execute(Map<String, Object> event) {
        ApiGatewayRequest request = ApiGatewayRequest.from(event);
        String requestId = request.requestId().orElse("none");
        String principal = request.callerArn().orElse("anonymous");
        String role = OrganisationRoles.roleName(principal).orElse(null);
        Caller caller = new Caller(principal, collaborators.roles().organisationOf(principal));
        String provider = caller.organisation().orElse(null);
        try {
            UploadRequest upload = parse(request.body());
            UploadGrant grant = collaborators.service().grant(caller, upload);
            collaborators.log().granted(requestId, role, provider, grant, upload.feed(), upload.period());
            return ApiGatewayResponse.json(200, JSON.writeValueAsString(body(grant)));
        } catch (UploadRefusedException e) {
            int status = e.forbidden() ? 403 : 400;
            collaborators.log().refused(requestId, role, provider, e.reason().name(), status);
            return error(status, e.reason().name(), e.getMessage());
        } catch (Exception e) {
            collaborators.log().failed(requestId, role, e);
            return error(500, "INTERNAL", "the upload URL could not be made; quote request id " + requestId + " to the ICS platform team");
        }
    }

    private static UploadRequest parse(String body) {
        if (body.isBlank()) {
            throw new UploadRefusedException(UploadRefusedException.Reason.MISSING_FIELD, "the request has no body: send a JSON object with "
                    + FIELDS);
        }
        try {
            UploadRequest request = REQUEST_JSON.readValue(body, UploadRequest.class);
            if (request == null) {
                throw new UploadRefusedException(UploadRefusedException.Reason.MISSING_FIELD, "the body is not a JSON object with " + FIELDS);
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw new UploadRefusedException(UploadRefusedException.Reason.MISSING_FIELD, "unknown field '" + e.getPropertyName()
                    + "'; a request has " + FIELDS);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().getLast().getFieldName();
            throw new UploadRefusedException(field == null ? UploadRefusedException.Reason.MISSING_FIELD : "size_bytes".equals(field)
                    ? UploadRefusedException.Reason.SIZE_INVALID : UploadRefusedException.Reason.MISSING_FIELD,
                    field == null ? "the body is not a JSON object with " + FIELDS
                            : "size_bytes".equals(field) ? "size_bytes must be a whole number of bytes" : field + " must be a string");
        } catch (JsonProcessingException e) {
            throw new UploadRefusedException(UploadRefusedException.Reason.MISSING_FIELD, "the body is not valid JSON (at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static Map<String, Object> body(UploadGrant grant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload_id", grant.uploadId());
        body.put("key", grant.key());
        body.put("method", grant.upload().method());
        body.put("url", grant.upload().url().toString());
        body.put("headers", grant.upload().headers());
        body.put("expires", grant.upload().expires().toString());
        body.put("size_bytes", grant.sizeBytes());
        body.put("sha256", grant.sha256Hex());
        return body;
    }

    private static ApiGatewayResponse error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        try {
            return ApiGatewayResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
