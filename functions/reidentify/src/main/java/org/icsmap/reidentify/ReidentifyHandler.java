package org.icsmap.reidentify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.icsmap.aws.apigateway.ApiGatewayRequest;
import org.icsmap.aws.apigateway.ApiGatewayResponse;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.access.OrganisationRoles;
import org.icsmap.domain.reidentify.ReidentificationAnswer;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Answered;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Refused;
import org.icsmap.domain.reidentify.ReidentificationRequest;
import org.icsmap.domain.reidentify.ReidentificationService;

/**
 * The reidentify Lambda function, {@code POST /reidentify} behind an API Gateway REST API with IAM authorisation:
 * the caller's organisation (from {@code requestContext.identity.userArn} through {@code ICSMAP_ORGANISATION_ROLES},
 * never the body) asks {@code {"pseudonyms": [...], "purpose": "direct_care"}} and gets back the NHS numbers it
 * itself sent for them. Thin: parse, {@link ReidentificationService#reidentify}, map. Every request, however
 * malformed, reaches the service, which writes its audit record.
 *
 * <ul>
 *   <li>200: {@code request_id, identified: [{pseudonym, nhs_number}], not_found: [pseudonym]}.</li>
 *   <li>400 / 403: {@code {"error": <reason code>, "message": …, "request_id": …}}.</li>
 *   <li>500: {@code {"error": "INTERNAL", "message": …}}, nothing identifying, the cause in the log by type only.</li>
 * </ul>
 *
 * <p>Handler for CDK: {@code org.icsmap.reidentify.ReidentifyHandler} (method {@code handleRequest}); environment in
 * {@link ReidentifyEnvironment}.
 */
public final class ReidentifyHandler extends MicronautRequestHandler<Map<String, Object>, ApiGatewayResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the handler works with. */
    public record Collaborators(ReidentificationService service, OrganisationRoles roles, ReidentifyLog log) {
        public Collaborators {
            Objects.requireNonNull(service);
            Objects.requireNonNull(roles);
            Objects.requireNonNull(log);
        }
    }

    private final Collaborators collaborators;

    /** The Lambda runtime's constructor: Micronaut starts and {@link ReidentifyFactory} wires everything, once. */
    public ReidentifyHandler() {
        super();
        this.collaborators = getApplicationContext().getBean(Collaborators.class);
    }

    /** A handler on the given collaborators (tests): nothing is read from the environment. */
    public ReidentifyHandler(Collaborators collaborators) {
        super(ApplicationContext.builder().deduceEnvironment(false).build());
        this.collaborators = Objects.requireNonNull(collaborators);
    }

    @Override
    public ApiGatewayResponse execute(Map<String, Object> event) {
        ApiGatewayRequest request = ApiGatewayRequest.from(event);
        String apiRequestId = request.requestId().orElse("none");
        String principal = request.callerArn().orElse("anonymous");
        String role = OrganisationRoles.roleName(principal).orElse(null);
        Caller caller = new Caller(principal, collaborators.roles().organisationOf(principal));
        String organisation = caller.organisation().orElse(null);
        ReidentificationRequest parsed = parse(request.body());
        int asked = parsed.pseudonyms() == null ? 0 : parsed.pseudonyms().size();
        try {
            ReidentificationAnswer answer = collaborators.service().reidentify(caller, parsed);
            return switch (answer) {
                case Answered answered -> {
                    collaborators.log().request(apiRequestId, answered.requestId(), role, organisation, "ANSWERED", null, asked,
                            answered.identified().size(), 200);
                    yield ApiGatewayResponse.json(200, JSON.writeValueAsString(body(answered)));
                }
                case Refused refused -> {
                    int status = refused.reason().forbidden() ? 403 : 400;
                    collaborators.log().request(apiRequestId, refused.requestId(), role, organisation, "REFUSED", refused.reason().name(), asked, 0,
                            status);
                    yield error(status, refused.reason().name(), refused.message(), refused.requestId());
                }
            };
        } catch (Exception e) {
            collaborators.log().request(apiRequestId, null, role, organisation, "FAILED", e.getClass().getName(), asked, 0, 500);
            return error(500, "INTERNAL", "the request could not be answered and nothing was returned; quote API request id " + apiRequestId
                    + " to the ICS platform team", null);
        }
    }

    /**
     * Reads what it can: a body that is not the expected shape becomes a request with the missing parts absent, so
     * the service refuses it with its reason and audits it like any other.
     */
    static ReidentificationRequest parse(String body) {
        JsonNode json;
        try {
            json = body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return new ReidentificationRequest(null, null);
        }
        JsonNode purpose = json.get("purpose");
        JsonNode pseudonyms = json.get("pseudonyms");
        List<String> list = null;
        if (pseudonyms != null && pseudonyms.isArray()) {
            list = new ArrayList<>();
            for (JsonNode p : pseudonyms) {
                list.add(p.isTextual() ? p.asText() : "");
            }
        }
        return new ReidentificationRequest(list, purpose != null && purpose.isTextual() ? purpose.asText() : null);
    }

    private static Map<String, Object> body(Answered answered) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", answered.requestId());
        List<Map<String, String>> identified = new ArrayList<>();
        answered.identified().forEach(i -> identified.add(Map.of("pseudonym", i.pseudonym(), "nhs_number", i.nhsNumber())));
        body.put("identified", identified);
        body.put("not_found", answered.notFound());
        return body;
    }

    private static ApiGatewayResponse error(int status, String code, String message, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        try {
            return ApiGatewayResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
